package stacks_test

// Media reads fail over to the DR region: a primary with a DR region serves /media/* from an
// origin group of its media bucket and that bucket's DR replica, and both admit the
// distribution, so a failing primary bucket needs no change to the distribution.

import (
	"path"
	"slices"
	"testing"

	"github.com/saleor-platform/infra/internal/harness"
)

// mediaFailoverCodes are the primary bucket's answers on which CloudFront reads the replica.
var mediaFailoverCodes = []int{403, 404, 500, 502, 503, 504}

type originGroup struct {
	OriginID         string `json:"originId"`
	FailoverCriteria struct {
		StatusCodes []int `json:"statusCodes"`
	} `json:"failoverCriteria"`
	Members []struct {
		OriginID string `json:"originId"`
	} `json:"members"`
}

// mediaBehavior is the distribution's /media/* behavior.
func mediaBehavior(t *testing.T, d *harness.Resource) cacheBehavior {
	t.Helper()
	var ordered []cacheBehavior
	decode(t, d, "orderedCacheBehaviors", &ordered)
	for _, b := range ordered {
		if b.PathPattern == "/media/*" {
			return b
		}
	}
	t.Fatal("no /media/* behavior")
	return cacheBehavior{}
}

// TestMediaFailsOverToTheDRReplica: prod-eu's /media/* reads an origin group whose primary is
// its media bucket in eu-central-1 and whose secondary is storage-dr's media bucket in
// eu-west-1, on 403, 404, 500, 502, 503 and 504, both read through the distribution's origin
// access control. The DR bucket's policy admits exactly this distribution, over TLS only, and
// the DR region's storage key lets CloudFront decrypt for it: a failover serves objects.
func TestMediaFailsOverToTheDRReplica(t *testing.T) {
	inv := runStack(t, "prod-eu")
	cfg := stackConfig(t, inv)
	if !cfg.HasDisasterRecovery() {
		t.Fatal("prod-eu has no DR region")
	}
	d := mustDistribution(t, inv)
	source := bucketWithRole(t, inv, "media", cfg.Region)
	replica := bucketWithRole(t, inv, "media", cfg.SecondaryRegion)
	if inv.Tier(replica) == nil || inv.Tier(replica).Name != "storage-dr" {
		t.Fatalf("the media bucket in %s is not storage-dr's", cfg.SecondaryRegion)
	}

	var groups []originGroup
	decode(t, d, "originGroups", &groups)
	target := mediaBehavior(t, d).TargetOriginID
	i := slices.IndexFunc(groups, func(g originGroup) bool { return g.OriginID == target })
	if i < 0 {
		t.Fatalf("/media/* targets %q, not one of the origin groups %v", target, groups)
	}
	g := groups[i]
	if codes := slices.Sorted(slices.Values(g.FailoverCriteria.StatusCodes)); !slices.Equal(codes, mediaFailoverCodes) {
		t.Errorf("media group fails over on %v, want %v", codes, mediaFailoverCodes)
	}
	if len(g.Members) != 2 {
		t.Fatalf("media group has %d members, want the bucket and its replica", len(g.Members))
	}
	byID := map[string]cdnOrigin{}
	for _, o := range origins(t, d) {
		byID[o.OriginID] = o
	}
	for i, want := range []*harness.Resource{source, replica} {
		o, ok := byID[g.Members[i].OriginID]
		if !ok || o.DomainName != want.Output("bucketRegionalDomainName") {
			t.Errorf("media group member %d is origin %q reading %q, want %s's media bucket %s",
				i, g.Members[i].OriginID, o.DomainName, want.Region, want.Output("bucketRegionalDomainName"))
			continue
		}
		if oac := inv.ByID(o.OriginAccessControlID); oac == nil || oac.Type != oacType || oac.String("signingBehavior") != "always" {
			t.Errorf("origin %s is not read through the distribution's origin access control (%q)", o.OriginID, o.OriginAccessControlID)
		}
	}
	if byID["media"].DomainName != source.Output("bucketRegionalDomainName") {
		t.Errorf("origin media reads %q: a deployed distribution's origin changed", byID["media"].DomainName)
	}

	var denies, reads int
	for _, s := range bucketPolicyOf(t, inv, replica).Statement {
		switch {
		case s.Effect == "Deny" && s.Condition["Bool"]["aws:SecureTransport"] == "false":
			denies++
		case s.Effect == "Allow":
			reads++
			if p := s.principals(); len(p) != 1 || !slices.Equal(p["Service"], strs{"cloudfront.amazonaws.com"}) ||
				!slices.Equal(s.Action, strs{"s3:GetObject"}) || !admitsDistribution(s, d.Output("arn"), false) {
				t.Errorf("DR media statement %q admits %s to %v under %v, want CloudFront's s3:GetObject for %s only",
					s.Sid, string(s.Principal), s.Action, s.Condition, d.Output("arn"))
			}
		}
	}
	if denies != 1 || reads != 1 {
		t.Errorf("DR media policy has %d TLS-only denies and %d reads, want one of each", denies, reads)
	}

	var sse *harness.Resource
	for _, r := range inv.OfType(tokBucketEncryption) {
		if r.String("bucket") == replica.ID || r.String("bucket") == replica.Output("bucket") {
			sse = r
		}
	}
	if sse == nil {
		t.Fatal("the DR media bucket has no default encryption")
	}
	key := byARN(inv, kmsKeyType, sse.String("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
	if key == nil || key.Region != cfg.SecondaryRegion || !keyLetsCloudFrontDecrypt(t, key, d.Output("arn")) {
		t.Errorf("the DR media bucket's key %v does not let CloudFront decrypt for %s", key, d.Output("arn"))
	}
}

// keyLetsCloudFrontDecrypt reports whether a key's policy allows cloudfront.amazonaws.com
// kms:Decrypt on behalf of distribution, bound to this account.
func keyLetsCloudFrontDecrypt(t *testing.T, key *harness.Resource, distribution string) bool {
	t.Helper()
	for _, s := range policyDocumentOf(t, key, "policy").Statement {
		pattern, _ := s.Condition["ArnLike"]["aws:SourceArn"].(string)
		matches, err := path.Match(pattern, distribution)
		if s.Effect == "Allow" && slices.Equal(s.principals()["Service"], strs{"cloudfront.amazonaws.com"}) &&
			slices.Contains(s.Action, "kms:Decrypt") && err == nil && matches &&
			s.Condition["StringEquals"]["aws:SourceAccount"] == harness.AccountID {
			return true
		}
	}
	return false
}

// TestMediaFailoverOnlyWithADRRegion: a stack without a DR region keeps today's
// distribution: no origin group, /media/* to the media origin.
func TestMediaFailoverOnlyWithADRRegion(t *testing.T) {
	forEachStorefrontStack(t, func(t *testing.T, inv *harness.Inventory, d *harness.Resource) {
		dr := stackConfig(t, inv).HasDisasterRecovery()
		if d.Has("originGroups") != dr {
			t.Errorf("DR region %v, origin groups %v", dr, d.Get("originGroups"))
		}
		if target := mediaBehavior(t, d).TargetOriginID; !dr && target != "media" {
			t.Errorf("without a DR region /media/* targets %q, want the media origin", target)
		}
	})
}
