// Command gen writes zz_declared.go of package harness: for every resource type the project
// constructs, the properties its SDK resource struct declares (the `pulumi:"..."` tags of X,
// joined to the token in NewX's ctx.RegisterResource call, or RegisterRemoteComponentResource
// for a component its provider constructs), split into those the XArgs struct takes as inputs
// and those only the provider computes. It reads the pulumi-aws, pulumi-awsx, pulumi-random
// and pulumi-tls SDK sources pinned in go.mod, and finds the types the project constructs by
// parsing the project's Go files for calls of <sdk package>.NewX.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// sdkModules are the provider SDKs whose resources the harness answers for.
var sdkModules = []string{
	"github.com/pulumi/pulumi-aws/sdk/v6",
	"github.com/pulumi/pulumi-awsx/sdk/v2",
	"github.com/pulumi/pulumi-random/sdk/v4",
	"github.com/pulumi/pulumi-tls/sdk/v5",
}

// sdk is one SDK module as pinned: its path, version and directory in the module cache.
type sdk struct{ path, version, dir string }

// resourceType is what the generated table holds for one type token.
type resourceType struct {
	token                string
	inputs, computedOnly []string
}

func main() {
	out := flag.String("o", "zz_declared.go", "output file")
	flag.Parse()
	root := strings.TrimSpace(goList("-m", "-f", "{{.Dir}}"))
	var sdks []sdk
	for _, m := range sdkModules {
		fields := strings.Fields(goList("-m", "-f", "{{.Version}} {{.Dir}}", m))
		sdks = append(sdks, sdk{path: m, version: fields[0], dir: fields[1]})
	}
	used, err := constructedTypes(root, sdks)
	if err != nil {
		log.Fatal(err)
	}
	var types []resourceType
	for _, u := range used {
		rt, ok, err := describe(u.dir, u.name)
		if err != nil {
			log.Fatal(err)
		}
		if ok {
			types = append(types, rt)
		}
	}
	slices.SortFunc(types, func(a, b resourceType) int { return strings.Compare(a.token, b.token) })
	types = slices.CompactFunc(types, func(a, b resourceType) bool { return a.token == b.token })
	src, err := render(types, sdks)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// goList runs `go list` in the enclosing module.
func goList(args ...string) string {
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		log.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// constructorUse is one SDK constructor the project calls: pkgPath.NewName, whose source is
// in dir.
type constructorUse struct{ pkgPath, dir, name string }

// constructedTypes finds every <sdk package>.NewX call in the project's Go files (tests
// included; generated files and the SDKs themselves are not part of the project).
func constructedTypes(root string, sdks []sdk) ([]constructorUse, error) {
	seen := map[constructorUse]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasPrefix(d.Name(), "zz_"):
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		imports := map[string]constructorUse{} // local name -> package
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, s := range sdks {
				if rest, ok := strings.CutPrefix(p, s.path+"/"); ok {
					name := filepath.Base(p)
					if imp.Name != nil {
						name = imp.Name.Name
					}
					imports[name] = constructorUse{pkgPath: p, dir: filepath.Join(s.dir, filepath.FromSlash(rest))}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if use, ok := imports[pkg.Name]; ok && strings.HasPrefix(sel.Sel.Name, "New") {
				use.name = strings.TrimPrefix(sel.Sel.Name, "New")
				seen[use] = true
			}
			return true
		})
		return nil
	})
	var out []constructorUse
	for u := range seen {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b constructorUse) int {
		return strings.Compare(a.pkgPath+"."+a.name, b.pkgPath+"."+b.name)
	})
	return out, err
}

// packages caches parsed SDK packages by directory.
var packages = map[string][]*ast.File{}

// describe reads, in the SDK package at dir, NewName's registered token and the pulumi tags
// of the Name and nameArgs structs. ok is false for constructors that register no resource
// (a provider, or a New function that is not a constructor).
func describe(dir, name string) (resourceType, bool, error) {
	files, err := parsePackage(dir)
	if err != nil {
		return resourceType{}, false, err
	}
	var rt resourceType
	var all []string
	argsName := string(unicode.ToLower(rune(name[0]))) + name[1:] + "Args"
	for _, f := range files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil && decl.Name.Name == "New"+name {
					rt.token = registeredToken(decl)
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok {
						continue
					}
					switch ts.Name.Name {
					case name:
						all = pulumiTags(ts)
					case argsName:
						rt.inputs = pulumiTags(ts)
					}
				}
			}
		}
	}
	if rt.token == "" || strings.HasPrefix(rt.token, "pulumi:providers:") {
		return rt, false, nil
	}
	if all == nil {
		return rt, false, fmt.Errorf("%s: no struct %s in %s", rt.token, name, dir)
	}
	for _, p := range all {
		if !slices.Contains(rt.inputs, p) {
			rt.computedOnly = append(rt.computedOnly, p)
		}
	}
	slices.Sort(rt.inputs)
	slices.Sort(rt.computedOnly)
	return rt, true, nil
}

// parsePackage parses the non-test Go files of the package at dir, once.
func parsePackage(dir string) ([]*ast.File, error) {
	if files, ok := packages[dir]; ok {
		return files, nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	packages[dir] = files
	return files, nil
}

// registeredToken finds ctx.RegisterResource("<token>", ...) (or, for a component its
// provider constructs, ctx.RegisterRemoteComponentResource) in a constructor body.
func registeredToken(fn *ast.FuncDecl) string {
	var tok string
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || tok != "" {
			return tok == ""
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "RegisterResource" || sel.Sel.Name == "RegisterRemoteComponentResource") {
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				tok, _ = strconv.Unquote(lit.Value)
			}
		}
		return tok == ""
	})
	return tok
}

// pulumiTags returns the `pulumi:"..."` tag values of a struct's fields.
func pulumiTags(ts *ast.TypeSpec) []string {
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return nil
	}
	tags := []string{}
	for _, f := range st.Fields.List {
		if f.Tag == nil {
			continue
		}
		raw, _ := strconv.Unquote(f.Tag.Value)
		if v, ok := reflect.StructTag(raw).Lookup("pulumi"); ok {
			tags = append(tags, strings.Split(v, ",")[0])
		}
	}
	return tags
}

func render(types []resourceType, sdks []sdk) ([]byte, error) {
	var b bytes.Buffer
	var from []string
	for _, s := range sdks {
		from = append(from, s.path+" "+s.version)
	}
	fmt.Fprintf(&b, "// Code generated by internal/harness/gen from %s; DO NOT EDIT.\n\n", strings.Join(from, ", "))
	b.WriteString("package harness\n\n")
	b.WriteString("// declaredSDKs are the SDK module versions the table was derived from.\nvar declaredSDKs = map[string]string{\n")
	for _, s := range sdks {
		fmt.Fprintf(&b, "\t%q: %q,\n", s.path, s.version)
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// declared holds, for the %d resource types the project constructs, the properties their\n", len(types))
	b.WriteString("// SDK resource structs declare: the inputs their Args take and the outputs only the\n// provider computes, space-separated.\n")
	b.WriteString("var declared = map[string]declaredProperties{\n")
	for _, t := range types {
		fmt.Fprintf(&b, "\t%q: {\n\t\tinputs:       %q,\n\t\tcomputedOnly: %q,\n\t},\n",
			t.token, strings.Join(t.inputs, " "), strings.Join(t.computedOnly, " "))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
