// Package readme keeps generated sections of the project's Markdown files in step with the
// code that generates them: a test renders a section and calls Sync, which fails when the
// file differs and rewrites it when UPDATE_README=1 is set.
package readme

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// Sync checks that the section name of the Markdown file at path holds content. A section
// sits between the lines "<!-- BEGIN name -->" and "<!-- END name -->".
func Sync(t testing.TB, path, name, content string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	begin, end := fmt.Appendf(nil, "<!-- BEGIN %s -->\n", name), fmt.Appendf(nil, "<!-- END %s -->", name)
	i, j := bytes.Index(data, begin), bytes.Index(data, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers of section %q", path, name)
	}
	if string(data[i+len(begin):j]) == content {
		return
	}
	if os.Getenv("UPDATE_README") == "" {
		t.Fatalf("section %q of %s is stale: run UPDATE_README=1 go test on this package", name, path)
	}
	updated := append(append(append([]byte{}, data[:i+len(begin)]...), content...), data[j:]...)
	if err := os.WriteFile(path, updated, 0o644); err != nil {
		t.Fatal(err)
	}
}
