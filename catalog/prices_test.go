package catalog

import (
	"slices"
	"testing"
)

// TestPriceTableIsComplete: every item has a figure in every priced region (or one global
// figure), every figure is positive, dated, sourced, and either corroborated or marked as
// an estimate with its reasoning.
func TestPriceTableIsComplete(t *testing.T) {
	check := func(what string, p Price) {
		if p.USD <= 0 || p.Unit == "" || p.Source == "" || p.AsOf != PricesAsOf {
			t.Errorf("%s: %+v lacks a figure, unit, source or date", what, p)
		}
		if (p.Estimate == "") == (p.Corroborated == "") && p.Estimate == "" {
			t.Errorf("%s: neither corroborated nor marked as an estimate", what)
		}
	}
	for _, item := range PriceItems() {
		for _, region := range PricedRegions {
			p, err := PriceOf(item, region)
			if err != nil {
				t.Error(err)
				continue
			}
			check(string(item)+" in "+region, p)
		}
	}
	for _, region := range PricedRegions {
		for _, c := range RDSClasses {
			p, err := RDSInstanceHour(c.Name, region)
			if err != nil {
				t.Error(err)
				continue
			}
			check(c.Name+" in "+region, p)
		}
		for _, c := range CacheClasses {
			p, err := CacheNodeHour(c.Name, region)
			if err != nil {
				t.Error(err)
				continue
			}
			check(c.Name+" in "+region, p)
		}
	}
	for _, d := range []Discount{RDSReserved1Year, CacheReserved1Year, FargateSpot} {
		if d.Fraction <= 0 || d.Fraction >= 1 || d.Source == "" || d.AsOf == "" {
			t.Errorf("%s: %+v", d.Name, d)
		}
	}
}

// TestUnpricedRegionFails: a region outside the table is an error, never a zero price.
func TestUnpricedRegionFails(t *testing.T) {
	if slices.Contains(PricedRegions, "ap-south-2") {
		t.Skip("ap-south-2 is priced")
	}
	if p, err := PriceOf(FargateVCPUHour, "ap-south-2"); err == nil {
		t.Errorf("Fargate in ap-south-2 priced at %+v", p)
	}
	if p, err := RDSInstanceHour("db.m7g.large", "ap-south-2"); err == nil {
		t.Errorf("RDS in ap-south-2 priced at %+v", p)
	}
	if p, err := CacheNodeHour("cache.m5.large", "eu-central-1"); err == nil {
		t.Errorf("an unpriced cache class priced at %+v", p)
	}
}
