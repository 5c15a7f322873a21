package harness

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
)

// EnvironmentStacks lists the stacks whose file sets saleor:environment to environment:
// primaries (saleor:role primary or unset, and no saleor:primaryStack) first, then the
// stacks that reference another, each group by name. It reads the files without checking
// their config, so a broken stack of another environment does not hide this one's.
func EnvironmentStacks(environment string) ([]string, error) {
	names, err := StackNames()
	if err != nil {
		return nil, err
	}
	var primaries, regionals []string
	for _, name := range names {
		value, err := fileValues(name)
		if err != nil {
			return nil, err
		}
		switch {
		case value(EnvironmentKey) != environment:
		case value(PrimaryStackKey) == "" && (value(RoleKey) == "" || value(RoleKey) == "primary"):
			primaries = append(primaries, name)
		default:
			regionals = append(regionals, name)
		}
	}
	sort.Strings(primaries)
	sort.Strings(regionals)
	return append(primaries, regionals...), nil
}

// StackEnvironments maps every stack file's stack to the saleor:environment it sets ("" when
// it sets none), read as EnvironmentStacks reads them: unchecked.
func StackEnvironments() (map[string]string, error) {
	names, err := StackNames()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, name := range names {
		value, err := fileValues(name)
		if err != nil {
			return nil, err
		}
		out[name] = value(EnvironmentKey)
	}
	return out, nil
}

// fileValues reads Pulumi.<name>.yaml without checking its config and returns a lookup of
// its values by full key ("" when unset; secrets blinded).
func fileValues(name string) (func(key string) string, error) {
	_, file, err := readStackFile(name)
	if err != nil {
		return nil, err
	}
	return func(key string) string {
		k, err := config.ParseKey(key)
		if err != nil {
			return ""
		}
		v, ok := file.Config[k]
		if !ok {
			return ""
		}
		s, _ := v.Value(config.NewBlindingDecrypter())
		return s
	}, nil
}

// LoadEnvironment loads every stack of an environment (EnvironmentStacks) with LoadStack,
// for RunEnvironment; it fails, naming every stack, when one fails the CLI's config checks.
func LoadEnvironment(environment string) ([]Stack, error) {
	names, err := EnvironmentStacks(environment)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no stack file sets %s to %q", EnvironmentKey, environment)
	}
	var stacks []Stack
	var errs []error
	for _, name := range names {
		s, err := LoadStack(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("stack %s: %w", name, err))
			continue
		}
		stacks = append(stacks, s)
	}
	return stacks, errors.Join(errs...)
}

// LoadWithPrimaries loads stack name and, following saleor:primaryStack, every stack it
// references, primaries first: what RunEnvironment needs to run one regional stack alone.
// An error loading a referenced stack names it.
func LoadWithPrimaries(name string, load func(name string) (Stack, error)) ([]Stack, error) {
	var chain []Stack
	var path []string
	for next := name; next != ""; {
		if slices.Contains(path, next) {
			return nil, fmt.Errorf("stack reference cycle: %s", cycle(path[slices.Index(path, next):]))
		}
		s, err := load(next)
		if err != nil {
			if next == name {
				return nil, err
			}
			return nil, fmt.Errorf("its primary stack %s (%s of %s) does not load: %w", next, PrimaryStackKey, path[len(path)-1], err)
		}
		chain = append(chain, s)
		path = append(path, next)
		next = primaryOf(s)
	}
	slices.Reverse(chain)
	return chain, nil
}
