package main

import "testing"

// TestBadFlagsStopBeforeAnythingIsRead: every flag problem exits 1 before the command reads
// the stack or calls AWS.
func TestBadFlagsStopBeforeAnythingIsRead(t *testing.T) {
	for _, args := range [][]string{
		{"-image-tag", "3.22.0"},
		{"-stack", "dev"},
		{"-stack", "dev", "-image-tag", "latest"},
		{"-stack", "dev", "-image-tag", "3.22.0", "-region", "eu-west-1"},
		{"-stack", "dev", "-image-tag", "3.22.0", "-pulumi", "/nonexistent/pulumi"}, // the stack cannot be read
	} {
		if code := run(args); code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
	}
}
