package release

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/internal/release/target"
)

// TestOutputsAreReadFromPulumi: the release output is read with `pulumi stack output --json`
// and decoded strictly.
func TestOutputsAreReadFromPulumi(t *testing.T) {
	want := target.Outputs{GraphQLURL: "https://shop.example.com/graphql/",
		Regions: map[string]target.Target{target.Primary: runtime(target.BlueGreen)}}
	release, _ := json.Marshal(want)
	var args []string
	cli := PulumiCLI{run: func(_ context.Context, name string, a ...string) ([]byte, error) {
		args = append([]string{name}, a...)
		return []byte(`{"nameServers": ["ns-1"], "originVerifySecret": "[secret]", "release": ` + string(release) + `}`), nil
	}}
	got, err := cli.Outputs(context.Background(), "prod-eu")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(args, []string{"pulumi", "stack", "output", "--json", "--stack", "prod-eu"}) {
		t.Errorf("ran %v", args)
	}
	if rt, err := Runtime("prod-eu", got, target.Primary); err != nil || rt.API.CodeDeployDeploymentGroup != "group" || got.GraphQLURL != want.GraphQLURL {
		t.Errorf("decoded %+v, %v", got, err)
	}
	if _, err := Runtime("prod-eu", got, target.DR); err == nil || !strings.Contains(err.Error(), "no dr runtime") {
		t.Errorf("a missing DR runtime: %v", err)
	}
}

func TestOutputsThatAreMissingOrUnknownAreRefused(t *testing.T) {
	for raw, says := range map[string]string{
		`{"nameServers": ["ns-1"]}`:                                     `has no "release" output`,
		`{"release": {"graphqlUrl": "x", "regions": {}, "renamed": 1}}`: `unknown field "renamed"`,
		`not json`: "not JSON",
	} {
		if _, err := decodeOutputs("dev", []byte(raw)); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: %v; want %q", raw, err, says)
		}
	}
}
