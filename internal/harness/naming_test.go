package harness

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// registering returns a program that registers one resource of typ, named name, with props,
// on an explicit provider.
func registering(typ, name string, props pulumi.Map) pulumi.RunFunc {
	return InRegions(func(ctx *pulumi.Context, p []*aws.Provider) error {
		var res pulumi.CustomResourceState
		return ctx.RegisterResource(typ, name, props, &res, pulumi.Provider(p[0]))
	}, "eu-central-1")
}

// strictProblems returns the problems of a run's StrictError, failing when there is another
// error.
func strictProblems(t *testing.T, err error) []string {
	t.Helper()
	var strict *StrictError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &strict):
		return strict.Problems
	default:
		t.Fatalf("run failed: %v", err)
		return nil
	}
}

// TestTooLongNamesFailTheRun: for every naming rule, a program that sets the property one
// character past the limit fails the run, in preview as at Check, with the resource, the
// property, the value, the limit and the source.
func TestTooLongNamesFailTheRun(t *testing.T) {
	for _, r := range nameRules {
		t.Run(r.Type+" "+r.Property, func(t *testing.T) {
			valid := validNames[r.Type+" "+r.Property]
			long := valid[:1] + strings.Repeat("a", maxOf(t, r)+1-len(valid)) + valid[1:]
			if strings.HasPrefix(valid, "alias/") {
				long = "alias/" + strings.Repeat("a", maxOf(t, r)+1-len(valid)) + valid[len("alias/"):]
			}
			_, err := Run(registering(r.Type, "named", pulumi.Map{r.Property: pulumi.String(long)}), ComponentStack(), Preview())
			problems := strictProblems(t, err)
			if len(problems) != 1 {
				t.Fatalf("problems %q, want one", problems)
			}
			for _, want := range []string{r.Type + " named: " + r.Property, fmt.Sprintf("%q", long), r.Limits[0].text, r.Source} {
				if !strings.Contains(problems[0], want) {
					t.Errorf("problem %q does not name %q", problems[0], want)
				}
			}
		})
	}
}

// TestAutoNamesFollowTheProvider: pulumi-aws auto-names "<URN name>-<7 hex>", lower-cased for
// S3 and ElastiCache, without a separator for RDS, with .fifo for FIFO queues; it fails Check
// when the result would exceed the type's bridge maximum (it never trims), and the generated
// name must also pass the type's naming rule.
func TestAutoNamesFollowTheProvider(t *testing.T) {
	for _, c := range []struct {
		typ, name string
		props     pulumi.Map
		// want matches the generated name; problem, when set, is the failure expected instead.
		want, problem string
	}{
		{typ: "aws:lb/targetGroup:TargetGroup", name: "compute-api-blue", want: `^compute-api-blue-[0-9a-f]{7}$`},
		{typ: "aws:lb/targetGroup:TargetGroup", name: "compute-api-blue-green-deploy", problem: "plus 7 random chars is longer than maximum length 32"},
		{typ: "aws:iam/role:Role", name: strings.Repeat("r", 57), problem: "plus 7 random chars is longer than maximum length 64"},
		{typ: "aws:lb/loadBalancer:LoadBalancer", name: "saleor-production-frankfurt-alb", problem: "must be 1 to 32 characters"},
		{typ: "aws:s3/bucketV2:BucketV2", name: "Storage-Media", want: `^storage-media-[0-9a-f]{7}$`},
		{typ: "aws:elasticache/replicationGroup:ReplicationGroup", name: "Cache-API", want: `^cache-api-[0-9a-f]{7}$`},
		{typ: "aws:rds/instance:Instance", name: "postgres", want: `^postgres[0-9a-f]{7}$`},
		{typ: "aws:rds/instance:Instance", name: "Postgres", problem: "only lower-case letters, digits and hyphens"},
		{typ: "aws:sqs/queue:Queue", name: "jobs", props: pulumi.Map{"fifoQueue": pulumi.Bool(true)}, want: `^jobs-[0-9a-f]{7}\.fifo$`},
		{typ: "aws:ecr/repository:Repository", name: "Saleor", problem: "lower-case path segments"},
	} {
		t.Run(c.typ+" "+c.name, func(t *testing.T) {
			props := pulumi.Map{}
			for k, v := range c.props {
				props[k] = v
			}
			inv, err := Run(registering(c.typ, c.name, props), ComponentStack(), Preview())
			problems := strictProblems(t, err)
			prop := autoNamed[c.typ].Property
			if c.problem != "" {
				if len(problems) != 1 || !strings.Contains(problems[0], c.problem) || !strings.Contains(problems[0], c.typ+" "+c.name+": "+prop) {
					t.Fatalf("problems %q, want one on %s saying %q", problems, prop, c.problem)
				}
				return
			}
			if len(problems) != 0 {
				t.Fatalf("problems: %q", problems)
			}
			if got := inv.Named(c.typ, c.name).String(prop); !regexp.MustCompile(c.want).MatchString(got) {
				t.Errorf("%s = %q, want %s", prop, got, c.want)
			}
		})
	}
}

// TestNamePrefixes: a name prefix stops the auto-name at Check; preview leaves the name
// unknown and update makes it "<prefix><26-character suffix>", stable per URN; the prefix and
// the generated name are held to the type's rules.
func TestNamePrefixes(t *testing.T) {
	secret := registering("aws:secretsmanager/secret:Secret", "master", pulumi.Map{"namePrefix": pulumi.String("saleor/database/master-")})
	preview, err := Run(secret, ComponentStack(), Preview())
	if err != nil {
		t.Fatal(err)
	}
	if r := preview.Named("aws:secretsmanager/secret:Secret", "master"); r.Has("name") {
		t.Errorf("Check filled name %q although namePrefix is set", r.String("name"))
	}
	var names []string
	for range 2 {
		inv, err := Run(secret, ComponentStack())
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, inv.Named("aws:secretsmanager/secret:Secret", "master").Output("name"))
	}
	if !regexp.MustCompile(`^saleor/database/master-[0-9]{18}[0-9a-f]{8}$`).MatchString(names[0]) || names[0] != names[1] {
		t.Errorf("generated names %q, want the prefix and a stable 26-character suffix", names)
	}

	for _, c := range []struct {
		typ    string
		props  pulumi.Map
		opts   []Option
		broken string
	}{
		{"aws:lb/targetGroup:TargetGroup", pulumi.Map{"namePrefix": pulumi.String("blue-g-")}, []Option{Preview()}, "namePrefix: \"blue-g-\" (7 characters) must be 1 to 6 characters"},
		{"aws:iam/role:Role", pulumi.Map{"namePrefix": pulumi.String(strings.Repeat("r", 39))}, []Option{Preview()}, "must be 1 to 38 characters"},
		{"aws:sqs/queue:Queue", pulumi.Map{"namePrefix": pulumi.String(strings.Repeat("q", 54)), "fifoQueue": pulumi.Bool(true)}, nil,
			"name: \"" + strings.Repeat("q", 54)},
	} {
		_, err := Run(registering(c.typ, "prefixed", c.props), ComponentStack(), c.opts...)
		problems := strictProblems(t, err)
		if len(problems) != 1 || !strings.Contains(problems[0], c.broken) {
			t.Errorf("%s %v: problems %q, want one saying %q", c.typ, c.props, problems, c.broken)
		}
	}
}
