"""Django settings of the Saleor image the compute tier runs.

Stock Saleor's settings, plus what they read only from Django settings, or not by the
name the compute tier sets (components/compute: Variables, SettingsModuleVariables; the
image's test holds this module to that list). Each variable is required: a task without it
fails at start instead of using Celery's "celery" queue, letting kombu list and create
queues, or reading from the writer.
"""

import json
import os

import dj_database_url

from saleor.settings import *  # noqa: F401,F403
from saleor.settings import (
    DATABASE_CONNECTION_DEFAULT_NAME,
    DATABASE_CONNECTION_REPLICA_NAME,
    DATABASES,
    DB_CONN_MAX_AGE,
)

# The default queue: the stack's SQS queue ("<prefix>-default"); SQS names are per account
# and region, so Celery's "celery" would be shared by every stack of an account.
CELERY_TASK_DEFAULT_QUEUE = os.environ["CELERY_TASK_DEFAULT_QUEUE"]

# kombu's SQS transport options: the region and every queue by name with its URL
# (predefined_queues), so kombu neither lists nor creates queues.
CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ["CELERY_BROKER_TRANSPORT_OPTIONS"])

# The read replica (some Saleor 3.x releases point it at DATABASE_URL).
DATABASES[DATABASE_CONNECTION_REPLICA_NAME] = dj_database_url.parse(
    os.environ["DATABASE_URL_REPLICA"],
    conn_max_age=DB_CONN_MAX_AGE,
    test_options={"MIRROR": DATABASE_CONNECTION_DEFAULT_NAME},
)
