package validate_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/saleor-platform/infra/components/validate"
)

type args struct {
	Name  string
	Size  int
	Inner *inner
}

type inner struct{ Key string }

func (a args) withDefaults() args {
	if a.Size == 0 {
		a.Size = 3
	}
	return a
}

func (a args) validate(p *validate.Problems) {
	p.Required("Name", a.Name != "", "the thing's name")
	p.Range("Size", a.Size, 1, 5, "GiB")
	if a.Inner != nil {
		p.At("Inner").Required("Key", a.Inner.Key != "", "")
	}
}

func TestArgsTakesNilAsTheZeroArgs(t *testing.T) {
	_, err := validate.Args("saleor:storage:Storage", "storage-dr", (*args)(nil), args.withDefaults, args.validate)
	if got, want := fmt.Sprint(err), `storage storage-dr: Name: is required: the thing's name`; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
}

func TestArgsAppliesDefaultsBeforeChecking(t *testing.T) {
	a, err := validate.Args("saleor:storage:Storage", "s", &args{Name: "x"}, args.withDefaults, args.validate)
	if err != nil || a.Size != 3 {
		t.Errorf("got %+v, %v; want the default size and no error", a, err)
	}
	if _, err := validate.Args("saleor:storage:Storage", "s", &args{Name: "x"}, nil, args.validate); err == nil {
		t.Error("without defaults, size 0 is accepted")
	}
}

func TestErrorListsEveryProblemOnItsOwnLine(t *testing.T) {
	_, err := validate.Args("saleor:backup:Vault", "backup-dr", &args{Size: 9, Inner: &inner{}}, nil, args.validate)
	want := []string{
		"backup Vault backup-dr: Name: is required: the thing's name",
		"backup Vault backup-dr: Size: 9 is out of range: 1 to 5 GiB",
		"backup Vault backup-dr: Inner.Key: is required",
	}
	if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, want) {
		t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wrapped := fmt.Errorf("deploying: %w", errors.Join(errors.New("other"), err))
	if got := validate.Fields(wrapped); !slices.Equal(got, []string{"Name", "Size", "Inner.Key"}) {
		t.Errorf("Fields = %v", got)
	}
	if validate.Fields(errors.New("other")) != nil {
		t.Error("Fields of an error without problems")
	}
}

func TestNoProblemIsNoError(t *testing.T) {
	var p validate.Problems
	p.Required("Name", true, "")
	p.At("Inner").Range("Size", 3, 1, 5, "")
	if err := p.Err(); err != nil {
		t.Errorf("error %v", err)
	}
}

func TestZeroProblemsHasNoComponent(t *testing.T) {
	var p validate.Problems
	image := p.At("Image")
	image.Add("", "set Tag or Digest")
	image.Add("Tag", "%q is not a release", "latest")
	image.At(validate.Index("Extra", "KEY")).Add("", "is reserved")
	p.At("List").At(validate.Index("", 2)).Add("Name", "bad")
	want := "Image: set Tag or Digest\nImage.Tag: \"latest\" is not a release\nImage.Extra[KEY]: is reserved\nList[2].Name: bad"
	if got := p.Err().Error(); got != want {
		t.Errorf("error\n%s\nwant\n%s", got, want)
	}
}

func TestChecks(t *testing.T) {
	type level string
	pattern := regexp.MustCompile(`^[a-z]+$`)
	tests := []struct {
		name  string
		check func(p *validate.Problems)
		want  string // "" for no problem
	}{
		{"required set", func(p *validate.Problems) { p.Required("F", true, "x") }, ""},
		{"required", func(p *validate.Problems) { p.Required("F", false, "") }, "F: is required"},
		{"range low", func(p *validate.Problems) { p.Range("F", 0, 1, 35, "days") }, "F: 0 is out of range: 1 to 35 days"},
		{"range high", func(p *validate.Problems) { p.Range("F", 11, 1, 10, "") }, "F: 11 is out of range: 1 to 10"},
		{"range bounds", func(p *validate.Problems) { p.Range("F", 10, 1, 10, ""); p.Range("F", 1, 1, 10, "") }, ""},
		{"at least", func(p *validate.Problems) { p.AtLeast("F", -1, 1, "days") }, "F: -1 days; want 1 or more"},
		{"at least ok", func(p *validate.Problems) { p.AtLeast("F", 1, 1, "days") }, ""},
		{"match", func(p *validate.Problems) { p.Match("F", "A1", pattern, "lower-case letters") }, `F: "A1" is not lower-case letters`},
		{"one of strings", func(p *validate.Problems) { validate.OneOf(p, "F", level("x"), []level{"a", "b", "c"}) },
			`F: "x" is not one of "a", "b" or "c"`},
		{"one of numbers", func(p *validate.Problems) { validate.OneOf(p, "F", 20, []int{10, 30}) }, "F: 20 is not one of 10 or 30"},
		{"one of ok", func(p *validate.Problems) { validate.OneOf(p, "F", 30, []int{10, 30}) }, ""},
		{"hostname", func(p *validate.Problems) { p.Hostname("F", "shop.example.com") }, ""},
		{"hostname missing", func(p *validate.Problems) { p.Hostname("F", "") }, `F: is required: a DNS name such as "shop.example.com"`},
		{"hostname wildcard", func(p *validate.Problems) { p.Hostname("F", "*.example.com") }, `F: "*.example.com" is not a lower-case DNS name`},
		{"hostname trailing dot", func(p *validate.Problems) { p.Hostname("F", "example.com.") }, `F: "example.com." is not`},
		{"name prefix", func(p *validate.Problems) { p.NamePrefix("F", "saleor-prod", "-postgres", 63, "RDS identifier") }, ""},
		{"name prefix missing", func(p *validate.Problems) { p.NamePrefix("F", "", "-x", 63, "id") }, "F: is required"},
		{"name prefix double hyphen", func(p *validate.Problems) { p.NamePrefix("F", "a--b", "-x", 63, "id") }, "single hyphens"},
		{"name prefix trailing hyphen", func(p *validate.Problems) { p.NamePrefix("F", "ab-", "-x", 63, "id") }, "not ending with a hyphen"},
		{"name prefix too long", func(p *validate.Problems) { p.NamePrefix("F", "abcd", "-sessions", 12, "group ID") },
			`F: "abcd" is too long: group ID "abcd-sessions" exceeds 12 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validate.New("saleor:cache:Cache", "cache")
			tt.check(p)
			err := p.Err()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), "cache cache: ") || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestDNSPatterns(t *testing.T) {
	for name, want := range map[string]bool{"nl": true, "a-b": true, "NL": false, "-a": false, "a-": false, strings.Repeat("a", 64): false} {
		if got := validate.Label.MatchString(name); got != want {
			t.Errorf("Label %q: %v, want %v", name, got, want)
		}
	}
}

func TestNewShortensTheTypeToken(t *testing.T) {
	for typ, want := range map[string]string{
		"saleor:storage:Storage":              "storage x",
		"saleor:database:CrossRegionReplica":  "database CrossRegionReplica x",
		"saleor:observability:ConfigRecorder": "observability ConfigRecorder x",
		"custom":                              "custom x",
	} {
		p := validate.New(typ, "x")
		p.Add("F", "bad")
		var e *validate.Error
		if !errors.As(p.Err(), &e) {
			t.Fatalf("%s: %v is not an *Error", typ, p.Err())
		}
		if e.Component != want {
			t.Errorf("%s: component %q, want %q", typ, e.Component, want)
		}
	}
}
