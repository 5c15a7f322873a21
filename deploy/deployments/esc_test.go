package deployments

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/saleor-platform/infra/internal/harness"
)

// escDefinition is the shape of deploy/esc/*.yaml: an aws-login provider with OIDC and the
// AWS variables it exports (https://www.pulumi.com/docs/esc/guides/configuring-oidc/aws/).
type escDefinition struct {
	Values struct {
		AWS struct {
			Login struct {
				Open struct {
					OIDC struct {
						RoleARN           string   `yaml:"roleArn"`
						SessionName       string   `yaml:"sessionName"`
						Duration          string   `yaml:"duration"`
						SubjectAttributes []string `yaml:"subjectAttributes"`
					} `yaml:"oidc"`
				} `yaml:"fn::open::aws-login"`
			} `yaml:"login"`
		} `yaml:"aws"`
		EnvironmentVariables map[string]string `yaml:"environmentVariables"`
	} `yaml:"values"`
}

// TestESCEnvironmentsOpenTheirAccountsDeployRole: each account's ESC environment has a
// definition in deploy/esc/<name>.yaml (and no other file is there) that assumes that
// account's deploy role, with a subject naming the environment itself, for no longer than a
// role allows by default, and exports the three AWS variables.
func TestESCEnvironmentsOpenTheirAccountsDeployRole(t *testing.T) {
	f, _ := realInputs(t)
	root, err := harness.ProjectRoot()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "deploy", "esc", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, name := range sortedKeys(f.Accounts) {
		a := f.Accounts[name]
		env := a.ESCEnvironment[strings.Index(a.ESCEnvironment, "/")+1:]
		path := filepath.Join(root, "deploy", "esc", env+".yaml")
		want = append(want, path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("account %s: %v", name, err)
			continue
		}
		var def escDefinition
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&def); err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		oidc := def.Values.AWS.Login.Open.OIDC
		if oidc.RoleARN != DeployRoleARN(a.ID) {
			t.Errorf("%s assumes %q, want account %s's deploy role %s", path, oidc.RoleARN, name, DeployRoleARN(a.ID))
		}
		if d, err := time.ParseDuration(oidc.Duration); err != nil || d <= 0 || d > time.Hour {
			t.Errorf("%s: duration %q: want at most 1h, a role's default maximum session", path, oidc.Duration)
		}
		if oidc.SessionName == "" {
			t.Errorf("%s: no sessionName", path)
		}
		if !slices.Equal(oidc.SubjectAttributes, []string{"currentEnvironment.name"}) {
			t.Errorf("%s: subjectAttributes %q, want [currentEnvironment.name]: the trust policy matches that subject", path, oidc.SubjectAttributes)
		}
		for k, v := range map[string]string{
			"AWS_ACCESS_KEY_ID": "${aws.login.accessKeyId}", "AWS_SECRET_ACCESS_KEY": "${aws.login.secretAccessKey}",
			"AWS_SESSION_TOKEN": "${aws.login.sessionToken}",
		} {
			if got := def.Values.EnvironmentVariables[k]; got != v {
				t.Errorf("%s: environmentVariables.%s is %q, want %q", path, k, got, v)
			}
		}
	}
	slices.Sort(files)
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("deploy/esc holds %v, the accounts name %v", files, want)
	}
}
