package image

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/compute"
)

// environRead matches a read of an environment variable in Python: os.environ["X"],
// os.environ.get("X"), os.getenv("X"), with either quote.
var environRead = regexp.MustCompile(`os\.(?:environ\[|environ\.get\(|getenv\()\s*["']([A-Za-z_][A-Za-z0-9_]*)["']`)

// settingsModuleFile is the file of the compute tier's default DJANGO_SETTINGS_MODULE.
func settingsModuleFile() string {
	return filepath.FromSlash(strings.ReplaceAll(compute.DefaultSettingsModule, ".", "/") + ".py")
}

// TestSettingsModuleReadsExactlyTheComputeTiersVariables: the module reads every variable
// the compute tier sets for it, and no other (a variable it reads that the tasks do not get
// would fail every task at start); renaming or adding one in components/compute fails here
// until the module follows.
func TestSettingsModuleReadsExactlyTheComputeTiersVariables(t *testing.T) {
	src, err := os.ReadFile(settingsModuleFile())
	if err != nil {
		t.Fatalf("the settings module %s: %v", compute.DefaultSettingsModule, err)
	}
	var read []string
	for _, m := range environRead.FindAllStringSubmatch(string(src), -1) {
		read = append(read, m[1])
	}
	slices.Sort(read)
	read = slices.Compact(read)
	if want := compute.SettingsModuleVariables(); !slices.Equal(read, want) {
		t.Errorf("%s reads %v; the compute tier sets %v for it", settingsModuleFile(), read, want)
	}
	if !regexp.MustCompile(`(?m)^from saleor\.settings import \*`).Match(src) {
		t.Errorf("%s does not start from stock Saleor's settings (from saleor.settings import *)", settingsModuleFile())
	}
}

// TestTheVariablesPatternSeesEveryFormOfRead: the test above cannot pass by missing a read.
func TestTheVariablesPatternSeesEveryFormOfRead(t *testing.T) {
	src := `a = os.environ["A"]
b = os.environ.get('B', "x")
c = os.getenv( "C")
d = os.environ [ "NOT_A_READ_FORM" ]`
	var got []string
	for _, m := range environRead.FindAllStringSubmatch(src, -1) {
		got = append(got, m[1])
	}
	if !slices.Equal(got, []string{"A", "B", "C"}) {
		t.Errorf("reads %v, want [A B C]", got)
	}
}

// dockerfile is a parsed Dockerfile: its instructions, ARG defaults substituted.
type dockerfile struct {
	from string
	env  map[string]string
	copy [][]string // each COPY's arguments, flags left out
	user string
}

// parseDockerfile reads the instructions the test checks, joining continued lines and
// substituting ${ARG} with the ARG's default.
func parseDockerfile(t *testing.T, path string) dockerfile {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(raw), "\\\n", " ")
	args := map[string]string{}
	d := dockerfile{env: map[string]string{}}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		instr, rest, _ := strings.Cut(line, " ")
		rest = os.Expand(strings.TrimSpace(rest), func(k string) string { return args[k] })
		switch strings.ToUpper(instr) {
		case "ARG":
			k, v, _ := strings.Cut(rest, "=")
			args[k] = v
		case "FROM":
			d.from = strings.Fields(rest)[0]
		case "ENV":
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				d.env[k] = v
			}
		case "COPY":
			var fields []string
			for _, f := range strings.Fields(rest) {
				if !strings.HasPrefix(f, "--") {
					fields = append(fields, f)
				}
			}
			d.copy = append(d.copy, fields)
		case "USER":
			d.user = rest
		}
	}
	return d
}

// pinnedSaleor matches the official image by tag and digest.
var pinnedSaleor = regexp.MustCompile(`^ghcr\.io/saleor/saleor:3\.[0-9]+\.[0-9]+@sha256:[0-9a-f]{64}$`)

// TestDockerfilePinsSaleorAndSetsTheSettingsModule: the image is the official Saleor 3.x
// image pinned by digest, with the settings module copied where Python finds it under the
// name the compute tier sets, run as the compute tier's user.
func TestDockerfilePinsSaleorAndSetsTheSettingsModule(t *testing.T) {
	d := parseDockerfile(t, "Dockerfile")
	if !pinnedSaleor.MatchString(d.from) {
		t.Errorf("FROM %s; want ghcr.io/saleor/saleor:<3.x.y>@sha256:<digest>", d.from)
	}
	if got := d.env["DJANGO_SETTINGS_MODULE"]; got != compute.DefaultSettingsModule {
		t.Errorf("DJANGO_SETTINGS_MODULE=%q, want the compute tier's %q", got, compute.DefaultSettingsModule)
	}
	pkg, _, _ := strings.Cut(compute.DefaultSettingsModule, ".")
	copied := false
	for _, c := range d.copy {
		if len(c) == 2 && c[0] == pkg && slices.Contains(filepath.SplitList(d.env["PYTHONPATH"]), filepath.Dir(c[1])) &&
			filepath.Base(c[1]) == pkg {
			copied = true
		}
	}
	if !copied {
		t.Errorf("COPY %v with PYTHONPATH %q: want %s copied into a directory on PYTHONPATH", d.copy, d.env["PYTHONPATH"], pkg)
	}
	if _, err := os.Stat(filepath.Join(pkg, "__init__.py")); err != nil {
		t.Errorf("%s is not a package: %v", pkg, err)
	}
	if d.user != "saleor" {
		t.Errorf("USER %q, want saleor (the compute tier's ContainerUser default)", d.user)
	}
}
