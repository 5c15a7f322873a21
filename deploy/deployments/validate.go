package deployments

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

var (
	repositoryPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	accountIDPattern  = regexp.MustCompile(`^[0-9]{12}$`)
	escPattern        = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	envNamePattern    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// secretNamePattern matches variable names that hold credentials: their values must be
	// ciphertexts.
	secretNamePattern = regexp.MustCompile(`(?i)(SECRET|TOKEN|PASSWORD|PASSPHRASE|KEY|CREDENTIAL|PRIVATE)`)
)

// maxWebhookName is the longest webhook name Pulumi Cloud accepts.
const maxWebhookName = 32

// problems collects every problem of the settings, each naming the key it is about.
type problems []string

func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, key+": "+fmt.Sprintf(format, args...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	sort.Strings(p)
	return fmt.Errorf("deploy/deployments/settings.yaml:\n  %s", strings.Join(p, "\n  "))
}

// validate checks the file against the stack files and returns every problem at once.
func validate(f File, facts []Facts) error {
	var p problems
	if !repositoryPattern.MatchString(f.Repository) {
		p.add("repository", "%q is not owner/name", f.Repository)
	}
	if f.Branch == "" || strings.HasPrefix(f.Branch, "refs/") {
		p.add("branch", "%q: give the branch name, e.g. main", f.Branch)
	}
	if !slices.ContainsFunc(f.ProgramPaths, func(s string) bool { return !strings.HasPrefix(s, "!") }) {
		p.add("programPaths", "lists no include filter: every push would deploy")
	}
	if f.Defaults.PreviewPullRequests == nil {
		p.add("defaults.previewPullRequests", "is required: true or false")
	}
	validateAccounts(&p, f, facts)
	validateOptions(&p, "defaults", f.Defaults, false)
	// orderable: every stack has an entry and every deployAfter names a stack, so the order
	// can be checked too.
	orderable := true
	byName := map[string]Facts{}
	for _, s := range facts {
		byName[s.Name] = s
		if _, ok := f.Stacks[s.Name]; !ok {
			p.add("stacks", "has no entry for stack %s (Pulumi.%s.yaml): add `%s: {}` or the settings it needs", s.Name, s.Name, s.Name)
			orderable = false
		}
	}
	for name, entry := range f.Stacks {
		key := "stacks." + name
		if _, ok := byName[name]; !ok {
			p.add(key, "names no stack: there is no Pulumi.%s.yaml", name)
			orderable = false
			continue
		}
		validateOptions(&p, key, entry.Options, true)
		if a := entry.DeployAfter; a != "" {
			if _, ok := byName[a]; !ok {
				p.add(key+".deployAfter", "%q is not a stack (no Pulumi.%s.yaml)", a, a)
				orderable = false
			} else if a == name {
				p.add(key+".deployAfter", "is the stack itself")
				orderable = false
			}
		}
	}
	if orderable {
		validateOrder(&p, f, byName)
	}
	return p.err()
}

// validateAccounts checks that every stack's environment is in exactly one account.
func validateAccounts(p *problems, f File, facts []Facts) {
	owner := map[string]string{}
	for _, name := range sortedKeys(f.Accounts) {
		a, key := f.Accounts[name], "accounts."+name
		if !accountIDPattern.MatchString(a.ID) {
			p.add(key+".id", "%q is not a 12-digit AWS account ID", a.ID)
		}
		if !escPattern.MatchString(a.ESCEnvironment) {
			p.add(key+".escEnvironment", "%q is not <project>/<environment>", a.ESCEnvironment)
		}
		for _, env := range a.Environments {
			if other, ok := owner[env]; ok {
				p.add(key+".environments", "%q is also in account %s: an environment lives in one account", env, other)
			}
			owner[env] = name
		}
	}
	for _, s := range facts {
		if _, ok := owner[s.Environment]; !ok {
			p.add("accounts", "no account lists environment %q of stack %s", s.Environment, s.Name)
		}
	}
}

// validateOptions checks a stack's (or the defaults') pre-run commands and variables.
func validateOptions(p *problems, key string, o Options, stack bool) {
	for i, c := range o.PreRunCommands {
		if strings.TrimSpace(c) == "" {
			p.add(fmt.Sprintf("%s.preRunCommands[%d]", key, i), "is empty")
		}
	}
	for _, name := range sortedKeys(o.EnvironmentVariables) {
		v, vkey := o.EnvironmentVariables[name], key+".environmentVariables."+name
		switch {
		case !envNamePattern.MatchString(name):
			p.add(vkey, "is not a variable name (letters, digits, _; not starting with a digit)")
		case v.Secret() && !stack:
			p.add(vkey, "a ciphertext belongs to one stack: set it under that stack, not in defaults")
		case v.Secret():
			if _, err := base64.StdEncoding.DecodeString(v.Ciphertext); err != nil {
				p.add(vkey, "ciphertext is not base64: %v", err)
			}
		case secretNamePattern.MatchString(name):
			p.add(vkey, "looks like a credential and is plain text: write {ciphertext: ...} from `go run ./cmd/deployments -encrypt %s`", name)
		}
	}
}

// validateOrder checks the deployment order: no cycle, a regional stack after its primary,
// and a stack gated on another environment after all of it.
func validateOrder(p *problems, f File, facts map[string]Facts) {
	after := deployAfter(f, facts)
	for _, name := range sortedKeys(facts) {
		key := "stacks." + name + ".deployAfter"
		chain, cyclic := ancestors(after, name)
		if cyclic {
			p.add(key, "forms a cycle: %s", strings.Join(append([]string{name}, chain...), " -> "))
			continue
		}
		if n := len(triggerName(name)); after[name] != "" && n > maxWebhookName {
			p.add("stacks."+name, "the name of its trigger, %q, is %d characters, Pulumi Cloud allows %d: shorten the stack name",
				triggerName(name), n, maxWebhookName)
		}
		s := facts[name]
		if s.Regional() && !slices.Contains(chain, s.Primary) {
			p.add(key, "%q: a regional stack deploys after its primary %s (saleor:primaryStack)", after[name], s.Primary)
		}
		if a := after[name]; a != "" && facts[a].Environment != s.Environment {
			for _, other := range sortedKeys(facts) {
				if facts[other].Environment == facts[a].Environment && !slices.Contains(chain, other) {
					p.add(key, "%q waits for environment %s, but its stack %s is not deployed before %s: chain it before %s",
						a, facts[a].Environment, other, name, a)
				}
			}
		}
	}
}

// deployAfter maps each stack to the stack it deploys after ("" for a pushed stack).
func deployAfter(f File, facts map[string]Facts) map[string]string {
	after := map[string]string{}
	for name, s := range facts {
		after[name] = f.Stacks[name].DeployAfter
		if after[name] == "" && s.Regional() {
			after[name] = s.Primary
		}
	}
	return after
}

// ancestors lists the stacks deployed before name, nearest first, and says whether the chain
// loops back.
func ancestors(after map[string]string, name string) ([]string, bool) {
	var chain []string
	for next := after[name]; next != ""; next = after[next] {
		if next == name || slices.Contains(chain, next) {
			return append(chain, next), true
		}
		chain = append(chain, next)
	}
	return chain, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
