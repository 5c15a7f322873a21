package compute

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// ecrImage is an image in a simulated repository: its tags and the days since its push.
type ecrImage struct {
	name string
	tags []string
	age  int
}

// ecrExpired evaluates an ECR lifecycle policy over images as ECR documents it: rules in
// priority order; an image belongs to the first rule whose tag selection it matches (a
// lower-priority rule never expires it); imageCountMoreThan expires a rule's images beyond
// the newest countNumber, sinceImagePushed those older than countNumber days. It returns the
// names of the expired images.
func ecrExpired(t *testing.T, policy string, images []ecrImage) []string {
	t.Helper()
	var doc struct{ Rules []lifecycleRule }
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(doc.Rules, func(a, b lifecycleRule) int { return a.RulePriority - b.RulePriority })
	for i, r := range doc.Rules {
		if r.Selection.TagStatus == "any" && i != len(doc.Rules)-1 {
			t.Errorf("rule %d selects any tag status but is not the last rule: ECR refuses the policy", r.RulePriority)
		}
		if r.Selection.TagStatus == "tagged" && len(r.Selection.TagPrefixList) == 0 {
			t.Errorf("rule %d selects tagged images without a tag prefix or pattern: ECR refuses the policy", r.RulePriority)
		}
		if r.Selection.CountType == "sinceImagePushed" && r.Selection.CountUnit != "days" {
			t.Errorf("rule %d counts age in %q, want days", r.RulePriority, r.Selection.CountUnit)
		}
	}
	owner := make([]int, len(images))
	for i, img := range images {
		owner[i] = slices.IndexFunc(doc.Rules, func(r lifecycleRule) bool {
			switch r.Selection.TagStatus {
			case "untagged":
				return len(img.tags) == 0
			case "tagged":
				return slices.ContainsFunc(img.tags, func(tag string) bool {
					return slices.ContainsFunc(r.Selection.TagPrefixList, func(p string) bool { return strings.HasPrefix(tag, p) })
				})
			}
			return true
		})
	}
	var expired []string
	for ri, r := range doc.Rules {
		var mine []ecrImage
		for i, img := range images {
			if owner[i] == ri {
				mine = append(mine, img)
			}
		}
		slices.SortStableFunc(mine, func(a, b ecrImage) int { return a.age - b.age }) // newest first
		for n, img := range mine {
			switch r.Selection.CountType {
			case "imageCountMoreThan":
				if n >= r.Selection.CountNumber {
					expired = append(expired, img.name)
				}
			case "sinceImagePushed":
				if img.age > r.Selection.CountNumber {
					expired = append(expired, img.name)
				}
			default:
				t.Errorf("rule %d: count type %q", r.RulePriority, r.Selection.CountType)
			}
		}
	}
	return expired
}

// checkLifecycle checks the repository's lifecycle policy against the requirements ("CI/CD
// artifacts: on deployment, 90 days"): a release image is kept 90 days after its push and
// then expires; an image a runtime runs (live-tagged by the release) is never expired by
// age, nor are the newest live images a rollback may return to; untagged images are kept by
// count.
func checkLifecycle(t *testing.T, policy string) {
	t.Helper()
	images := []ecrImage{
		{"fresh release", []string{"a1b2c3"}, 1},
		{"release at 89 days", []string{"d4e5f6"}, 89},
		{"release at 91 days", []string{"0a0b0c"}, 91},
		{"live image a year old", []string{"111111", LiveTagPrefix + "111111"}, 365},
	}
	for i := range 12 {
		images = append(images, ecrImage{fmt.Sprintf("untagged %d", i), nil, i})
	}
	for i := range liveImagesKept + 2 {
		tag := fmt.Sprintf("r%03d", i)
		images = append(images, ecrImage{"older live " + tag, []string{tag, LiveTagPrefix + tag}, 400 + i})
	}
	expired := ecrExpired(t, policy, images)
	for _, keep := range []string{"fresh release", "release at 89 days", "live image a year old"} {
		if slices.Contains(expired, keep) {
			t.Errorf("the lifecycle expires the %s", keep)
		}
	}
	if !slices.Contains(expired, "release at 91 days") {
		t.Error("the lifecycle keeps a release image past 90 days")
	}
	untagged, live := 0, 0
	for _, name := range expired {
		switch {
		case strings.HasPrefix(name, "untagged"):
			untagged++
		case strings.HasPrefix(name, "older live"):
			live++
		}
	}
	if untagged != 12-untaggedImagesKept {
		t.Errorf("the lifecycle expires %d of 12 untagged images, want all but the newest %d", untagged, untaggedImagesKept)
	}
	if want := len(images) - 16 + 1 - liveImagesKept; live != want {
		t.Errorf("the lifecycle expires %d older live images, want all but the newest %d live (%d)", live, liveImagesKept, want)
	}
}

// TestLifecycleKeepsReleases90DaysAndLiveImages runs the repository's lifecycle policy over
// a simulated repository (checkLifecycle).
func TestLifecycleKeepsReleases90DaysAndLiveImages(t *testing.T) {
	checkLifecycle(t, lifecyclePolicy())
}
