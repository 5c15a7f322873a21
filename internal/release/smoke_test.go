package release

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestQueryShop: the GraphQL smoke test passes only on HTTP 200 with data.shop.name and no
// errors, and sends the shop query as JSON.
func TestQueryShop(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   string // the name, or a part of the error
		ok     bool
	}{
		{200, `{"data": {"shop": {"name": "ACME"}}}`, "ACME", true},
		{200, `{"data": {"shop": null}, "errors": [{"message": "database unavailable"}]}`, "database unavailable", false},
		{200, `{"data": {"shop": {"name": ""}}}`, "no data.shop.name", false},
		{200, `<html>storefront</html>`, "not a GraphQL answer", false},
		{502, `Bad Gateway`, "HTTP 502", false},
		{403, `Forbidden`, "HTTP 403", false},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var req struct{ Query string }
			if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" ||
				json.NewDecoder(r.Body).Decode(&req) != nil || req.Query != shopQuery {
				http.Error(w, "not the smoke query", http.StatusBadRequest)
				return
			}
			w.WriteHeader(tt.status)
			fmt.Fprint(w, tt.body)
		}))
		name, err := queryShop(context.Background(), srv.Client(), srv.URL+"/graphql/")
		srv.Close()
		switch {
		case tt.ok && (err != nil || name != tt.want):
			t.Errorf("%d %s: %q, %v; want %q", tt.status, tt.body, name, err, tt.want)
		case !tt.ok && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%d %s: %v; want an error saying %q", tt.status, tt.body, err, tt.want)
		}
	}
}

func TestTargetsHealthy(t *testing.T) {
	tests := []struct {
		states map[string][]string
		ok     bool
	}{
		{map[string][]string{"blue": {"healthy", "healthy"}}, true},
		{map[string][]string{"blue": {"draining"}, "green": {"healthy", "initial"}}, true},
		{map[string][]string{"blue": {"healthy", "unhealthy"}}, false},
		{map[string][]string{"blue": {}, "green": {"initial"}}, false},
		{map[string][]string{"blue": {"unavailable"}}, false},
	}
	for _, tt := range tests {
		if err := targetsHealthy(tt.states); (err == nil) != tt.ok {
			t.Errorf("%v: %v, want ok %v", tt.states, err, tt.ok)
		}
	}
}
