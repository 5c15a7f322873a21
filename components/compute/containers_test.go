package compute_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"

	"github.com/saleor-platform/infra/components/compute"
)

// credentialName and credentialURL are what must never appear in a container's environment:
// a variable named like a credential, or a URL carrying user information.
var (
	credentialName = regexp.MustCompile(`(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY|DATABASE_URL|CACHE_URL)(_|$)`)
	credentialURL  = regexp.MustCompile(`://[^/\s]*@`)
)

var workloads = []string{"api", "worker", "webhooks", "beat", "migrate"}

func TestNoSecretInAnyEnvironment(t *testing.T) {
	for shape, a := range shapes(t) {
		inv := run(t, a)
		for _, w := range workloads {
			cs := containers(t, inv, w)
			if len(cs) != 1 || len(cs[0].Environment) == 0 {
				t.Fatalf("%s %s: %d containers, want 1 with an environment", shape, w, len(cs))
			}
			for _, e := range cs[0].Environment {
				if credentialName.MatchString(strings.ToUpper(e.Name)) || credentialURL.MatchString(e.Value) {
					t.Errorf("%s %s: environment %s=%q looks like a credential", shape, w, e.Name, e.Value)
				}
			}
		}
	}
}

func TestSecretsAndSettingsComeFromSecretStores(t *testing.T) {
	inv := run(t, production(t))
	generated := map[string]*harness.Resource{}
	for variable, name := range map[string]string{"SECRET_KEY": "compute-secret-key", "RSA_PRIVATE_KEY": "compute-jwt-key"} {
		s := inv.Named("aws:secretsmanager/secret:Secret", name)
		if s == nil || s.String("kmsKeyId") != secretsKey || !s.Protect {
			t.Fatalf("%s secret: %+v; want it under the secrets key and protected", variable, s)
		}
		generated[variable] = s
	}
	want := map[string]string{
		"DATABASE_URL":         databaseSecret,
		"DATABASE_URL_REPLICA": replicaSecret,
		"CACHE_URL":            cacheSecret,
		"EMAIL_URL":            emailSecret,
		"RSA_PRIVATE_KEY":      generated["RSA_PRIVATE_KEY"].Outputs["arn"].StringValue(),
		"SECRET_KEY":           generated["SECRET_KEY"].Outputs["arn"].StringValue(),
	}
	for _, p := range inv.OfType("aws:ssm/parameter:Parameter") {
		name := strings.TrimPrefix(p.String("name"), "/saleor/test/")
		if p.String("type") != "String" || name == p.String("name") {
			t.Errorf("parameter %s: type %s, want a String under /saleor/test", p.String("name"), p.String("type"))
		}
		want[name] = p.Outputs["arn"].StringValue()
	}
	for _, setting := range []string{"ALLOWED_HOSTS", "ALLOWED_CLIENT_HOSTS", "PUBLIC_URL", "DEFAULT_FROM_EMAIL",
		"AWS_MEDIA_BUCKET_NAME", "AWS_STORAGE_BUCKET_NAME", "AWS_MEDIA_CUSTOM_DOMAIN", "CELERY_TASK_DEFAULT_QUEUE",
		"WEBHOOK_CELERY_QUEUE_NAME", "CELERY_BROKER_TRANSPORT_OPTIONS", "DEFAULT_COUNTRY"} {
		if _, ok := want[setting]; !ok {
			t.Errorf("no SSM parameter for %s", setting)
		}
	}
	for _, w := range workloads {
		got := map[string]string{}
		for _, s := range containers(t, inv, w)[0].Secrets {
			got[s.Name] = s.ValueFrom
		}
		for name, arn := range want {
			if got[name] != arn {
				t.Errorf("%s: %s from %q, want %q", w, name, got[name], arn)
			}
		}
	}
}

func TestContainersAreHardened(t *testing.T) {
	inv := run(t, staging(t))
	for _, w := range workloads {
		c := containers(t, inv, w)[0]
		if c.Privileged || !c.ReadonlyRootFilesystem || c.User != "saleor" || !slices.Equal(c.LinuxParameters.Capabilities.Drop, []string{"ALL"}) {
			t.Errorf("%s: privileged %v, read-only root %v, user %q, drops %v", w, c.Privileged, c.ReadonlyRootFilesystem, c.User,
				c.LinuxParameters.Capabilities.Drop)
		}
		tmp := c.LinuxParameters.Tmpfs
		if len(c.MountPoints) != 0 || len(tmp) != 1 || tmp[0].ContainerPath != "/tmp" || tmp[0].Size != 256 ||
			!slices.Contains(tmp[0].MountOptions, "mode=1777") || !slices.Contains(tmp[0].MountOptions, "noexec") {
			t.Errorf("%s: mounts %+v, tmpfs %+v; want only a world-writable, non-executable /tmp", w, c.MountPoints, tmp)
		}
		td := inv.Named("aws:ecs/taskDefinition:TaskDefinition", "compute-"+w)
		if td.Has("volumes") {
			t.Errorf("%s: volumes %v, want none", w, td.Get("volumes"))
		}
		if td.String("pidMode") == "host" || td.String("runtimePlatform.cpuArchitecture") != "X86_64" {
			t.Errorf("%s: pidMode %q, architecture %q", w, td.String("pidMode"), td.String("runtimePlatform.cpuArchitecture"))
		}
	}
}

func TestLogsGoToApplicationLogGroups(t *testing.T) {
	inv := run(t, staging(t))
	for _, w := range workloads {
		lc := containers(t, inv, w)[0].LogConfiguration
		group := inv.Named("aws:cloudwatch/logGroup:LogGroup", "compute-"+w)
		if lc.LogDriver != "awslogs" || group == nil || lc.Options["awslogs-group"] != group.String("name") ||
			lc.Options["awslogs-region"] != region {
			t.Fatalf("%s: logs %+v, group %v", w, lc, group)
		}
		if group.String("kmsKeyId") != logsKey || group.Number("retentionInDays") != 90 || group.String("name") != "/saleor/test/ecs/"+w {
			t.Errorf("%s: group %s under %s kept %v days, want the application class's", w, group.String("name"),
				group.String("kmsKeyId"), group.Number("retentionInDays"))
		}
	}
}

func TestExecutionRoleIsSeparateFromTaskRoles(t *testing.T) {
	inv := run(t, production(t))
	taskRoles := map[string]bool{}
	execution := ""
	for _, w := range workloads {
		td := inv.Named("aws:ecs/taskDefinition:TaskDefinition", "compute-"+w)
		exec, task := td.String("executionRoleArn"), td.String("taskRoleArn")
		if exec == "" || task == "" || exec == task {
			t.Errorf("%s: execution role %q, task role %q", w, exec, task)
		}
		if execution != "" && exec != execution {
			t.Errorf("%s: execution role %s, others use %s", w, exec, execution)
		}
		execution = exec
		if taskRoles[task] {
			t.Errorf("%s shares its task role", w)
		}
		taskRoles[task] = true
	}
}

func TestCommands(t *testing.T) {
	inv := run(t, production(t))
	want := map[string]string{
		"api":      "uvicorn saleor.asgi:application --host 0.0.0.0 --port 8000 --workers 4",
		"worker":   "celery --app saleor.celeryconf:app worker --loglevel INFO --queues saleor-test-default --concurrency 2",
		"webhooks": "celery --app saleor.celeryconf:app worker --loglevel INFO --queues saleor-test-webhooks --concurrency 4",
		"beat":     "celery --app saleor.celeryconf:app beat --loglevel INFO --scheduler saleor.schedulers.schedulers.DatabaseScheduler",
		"migrate":  "python manage.py migrate --no-input",
	}
	for w, prefix := range want {
		c := containers(t, inv, w)[0]
		if got := strings.Join(c.Command, " "); !strings.HasPrefix(got, prefix) {
			t.Errorf("%s runs %q, want %q...", w, got, prefix)
		}
		ports := len(c.PortMappings)
		if (w == "api") != (ports == 1 && c.PortMappings[0].ContainerPort == 8000) || (w != "api" && ports != 0) {
			t.Errorf("%s: port mappings %+v", w, c.PortMappings)
		}
	}
}

func TestImageReference(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	tests := []struct {
		image     compute.Image
		reference string
		pullFrom  string // the ECR repository the execution role may pull from; "" for none
	}{
		{compute.Image{Tag: "3.20.4"}, "123456789012.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor:3.20.4",
			"arn:aws:ecr:eu-central-1:123456789012:repository/saleor-test/saleor"},
		{compute.Image{Digest: digest}, "123456789012.dkr.ecr.eu-central-1.amazonaws.com/saleor-test/saleor@" + digest,
			"arn:aws:ecr:eu-central-1:123456789012:repository/saleor-test/saleor"},
		{compute.Image{Repository: "210987654321.dkr.ecr.eu-west-1.amazonaws.com/saleor", Tag: "3.20.4"},
			"210987654321.dkr.ecr.eu-west-1.amazonaws.com/saleor:3.20.4", "arn:aws:ecr:eu-west-1:210987654321:repository/saleor"},
		{compute.Image{Repository: "ghcr.io/saleor/saleor", Tag: "3.20.4"}, "ghcr.io/saleor/saleor:3.20.4", ""},
	}
	for _, tt := range tests {
		a := staging(t)
		a.Image = tt.image
		inv := run(t, a)
		for _, w := range workloads {
			if got := containers(t, inv, w)[0].Image; got != tt.reference {
				t.Errorf("%+v: %s runs %s, want %s", tt.image, w, got, tt.reference)
			}
		}
		var pull []string
		for _, s := range policy(t, inv.Named("aws:iam/rolePolicy:RolePolicy", "compute-execution")).Statement {
			if s.Sid == "PullImage" {
				pull = s.Resource
			}
		}
		if (tt.pullFrom == "" && pull != nil) || (tt.pullFrom != "" && !slices.Equal(pull, []string{tt.pullFrom})) {
			t.Errorf("%+v: execution role pulls from %v, want %q", tt.image, pull, tt.pullFrom)
		}
	}
}
