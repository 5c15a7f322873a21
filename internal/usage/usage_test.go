package usage

import (
	"strings"
	"testing"
)

func TestOverrideAndDefaults(t *testing.T) {
	a, err := For(map[string]string{"saleor:environment": "staging", Key: `{"requestsMillionPerMonth": 400, "horizonMonths": 24}`})
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := Defaults("production")
	if a.RequestsMillion != 400 || a.HorizonMonths != 24 || a.AppLogsGB != prod.AppLogsGB*0.1 {
		t.Errorf("staging with overrides: %+v", a)
	}
	if prod.AppLogsGB != 100 {
		t.Errorf("production logs %v GB/month, the requirements give 100", prod.AppLogsGB)
	}
}

// TestBadOverridesNameKeyAndFields: every bad field is reported, each naming the key.
func TestBadOverridesNameKeyAndFields(t *testing.T) {
	_, err := For(map[string]string{"saleor:environment": "production", Key: `{"originRequestShare": 2, "natGbPerGatewayMonth": -1, "horizonMonths": 0}`})
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{Key + ": originRequestShare", Key + ": natGbPerGatewayMonth", Key + ": horizonMonths"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	_, err = For(map[string]string{"saleor:environment": "production", Key: `{"requests": 1}`})
	if err == nil || !strings.Contains(err.Error(), Key) || !strings.Contains(err.Error(), "requestsMillionPerMonth") {
		t.Errorf("an unknown field: %v", err)
	}
}
