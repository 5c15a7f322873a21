package analyzer_test

import (
	"testing"

	"github.com/saleor-platform/infra/policy/analyzer/analyzertest"
)

// TestMain removes the pack binary analyzertest.PackBinary builds.
func TestMain(m *testing.M) { analyzertest.Main(m) }
