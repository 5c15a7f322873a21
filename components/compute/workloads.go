package compute

import (
	"strconv"

	"github.com/saleor-platform/infra/catalog"
)

// Workload names: each is a container, a task family suffix, a log group and a task role.
// AppPort is the port the Saleor tasks listen on (uvicorn), which the load balancer reaches
// and the network tier opens to it.
const AppPort = 8000

const (
	apiWorkload      = "api"
	workerWorkload   = "worker"
	webhookWorkload  = "webhooks"
	beatWorkload     = "beat"
	migrateWorkload  = "migrate"
	celeryApp        = "saleor.celeryconf:app"
	appKeepAliveSecs = 75 // above the ALB's idle timeout, so the ALB closes idle connections first
)

// workload is one kind of task the tier runs.
type workload struct {
	name    string
	size    catalog.FargateSize
	command []string
	// port is the container port the load balancer targets; 0 for none.
	port int
	// consumes is the role of the queue the workload consumes; "" for none.
	consumes string
	// media grants read and write on the media and assets buckets.
	media bool
	// stopTimeout is how long ECS waits after SIGTERM before SIGKILL, in seconds (Fargate
	// allows 120): Celery's warm shutdown finishes running tasks.
	stopTimeout int
}

// workloads returns the tier's workloads.
//
// Processes per task: uvicorn runs one worker per half vCPU (4 at 2 vCPU, 1 GiB each at
// 4 GiB); Celery runs two prefork children per vCPU, webhook workers four (they wait on
// remote HTTP endpoints).
func workloads(a *ComputeArgs) []workload {
	perCPU := func(size catalog.FargateSize, n int) string {
		return strconv.Itoa(max(1, size.CPU*n/1024))
	}
	celery := func(sqsName, concurrency string) []string {
		return []string{"celery", "--app", celeryApp, "worker", "--loglevel", a.LogLevel,
			"--queues", sqsName, "--concurrency", concurrency,
			// SQS has no broadcast: no gossip, mingle or worker heartbeats.
			"--without-gossip", "--without-mingle", "--without-heartbeat"}
	}
	return []workload{
		{
			name: apiWorkload, size: a.APITask, port: AppPort, media: true, stopTimeout: 30,
			command: []string{"uvicorn", "saleor.asgi:application", "--host", "0.0.0.0", "--port", strconv.Itoa(AppPort),
				"--workers", perCPU(a.APITask, 2), "--lifespan", "off", "--ws", "none", "--no-server-header",
				"--proxy-headers", "--forwarded-allow-ips", "*", "--timeout-keep-alive", strconv.Itoa(appKeepAliveSecs)},
		},
		{
			name: workerWorkload, size: a.WorkerTask, consumes: defaultQueue, media: true, stopTimeout: 120,
			command: celery(queueName(a, defaultQueue), perCPU(a.WorkerTask, 2)),
		},
		{
			name: webhookWorkload, size: a.WebhookTask, consumes: webhookQueue, stopTimeout: 120,
			command: celery(queueName(a, webhookQueue), perCPU(a.WebhookTask, 4)),
		},
		{
			name: beatWorkload, size: a.BeatTask, stopTimeout: 30,
			command: []string{"celery", "--app", celeryApp, "beat", "--loglevel", a.LogLevel,
				"--scheduler", "saleor.schedulers.schedulers.DatabaseScheduler"},
		},
		{
			name: migrateWorkload, size: a.WorkerTask, stopTimeout: 120,
			command: []string{"python", "manage.py", "migrate", "--no-input"},
		},
	}
}
