package release

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// shopQuery is the smoke test's GraphQL query: the shop's name, which every Saleor answers
// without authentication, from the database.
const shopQuery = `{ shop { name } }`

// targetsHealthy evaluates the API's target groups (states by target group ARN): healthy
// when at least one target is healthy and none is unhealthy. Targets draining or initial
// are the previous or the next task set on their way and do not count.
func targetsHealthy(states map[string][]string) error {
	healthy := 0
	var unhealthy []string
	for group, ss := range states {
		for _, s := range ss {
			switch s {
			case "healthy":
				healthy++
			case "unhealthy", "unavailable":
				unhealthy = append(unhealthy, fmt.Sprintf("%s: %s", group, s))
			}
		}
	}
	switch {
	case len(unhealthy) > 0:
		return fmt.Errorf("the load balancer's health checks (GET /health/) fail for %d targets: %s", len(unhealthy), strings.Join(unhealthy, "; "))
	case healthy == 0:
		return fmt.Errorf("no target of the API's target groups is healthy")
	}
	return nil
}

// queryShop posts shopQuery to the GraphQL endpoint url and returns the shop's name; an
// error unless the answer is HTTP 200 with a name and no GraphQL errors.
func queryShop(ctx context.Context, client *http.Client, url string) (string, error) {
	body, _ := json.Marshal(map[string]string{"query": shopQuery})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("POST %s: %w", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("POST %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("POST %s: HTTP %d: %.200s", url, resp.StatusCode, raw)
	}
	var answer struct {
		Data struct {
			Shop *struct {
				Name string `json:"name"`
			} `json:"shop"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		return "", fmt.Errorf("POST %s: not a GraphQL answer: %.200s", url, raw)
	}
	switch {
	case len(answer.Errors) > 0:
		return "", fmt.Errorf("POST %s: GraphQL error: %s", url, answer.Errors[0].Message)
	case answer.Data.Shop == nil || answer.Data.Shop.Name == "":
		return "", fmt.Errorf("POST %s: no data.shop.name in %.200s", url, raw)
	}
	return answer.Data.Shop.Name, nil
}
