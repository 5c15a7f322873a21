// Package fakecloud is an in-memory Pulumi Cloud for tests: the deployment settings and stack
// webhook endpoints of the REST API (the routes github.com/pulumi/pulumi-cloud-sdk/go's
// apiclient calls), with the documented PATCH semantics (objects merge, null removes a key,
// anything else replaces), token authentication and a log of every request.
package fakecloud

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-cloud-sdk/go/apitype"
)

// Token is the only access token the server accepts.
const Token = "test-token"

// Request is one request the server received.
type Request struct {
	Method, Path, Authorization string
	Body                        []byte
}

// Server is the fake Pulumi Cloud.
type Server struct {
	URL string

	mu       sync.Mutex
	org      string
	stacks   map[string]bool                       // <project>/<stack> that exist
	settings map[string]map[string]any             // by <project>/<stack>
	hooks    map[string]map[string]apitype.Webhook // by <project>/<stack>, then name
	log      []Request
}

// New starts a server for organisation org holding the given stacks (<project>/<stack>),
// without settings or webhooks; it stops when the test ends.
func New(t testing.TB, org string, stacks ...string) *Server {
	s := &Server{org: org, stacks: map[string]bool{}, settings: map[string]map[string]any{}, hooks: map[string]map[string]apitype.Webhook{}}
	for _, st := range stacks {
		s.stacks[st] = true
	}
	mux := http.NewServeMux()
	base := "/api/stacks/{org}/{project}/{stack}"
	mux.HandleFunc("GET "+base+"/deployments/settings", s.stack(s.getSettings))
	mux.HandleFunc("POST "+base+"/deployments/settings", s.stack(s.patchSettings))
	mux.HandleFunc("POST "+base+"/deployments/settings/encrypt", s.stack(s.encrypt))
	mux.HandleFunc("GET "+base+"/hooks", s.stack(s.listHooks))
	mux.HandleFunc("POST "+base+"/hooks", s.stack(s.createHook))
	mux.HandleFunc("PATCH "+base+"/hooks/{hook}", s.stack(s.updateHook))
	mux.HandleFunc("DELETE "+base+"/hooks/{hook}", s.stack(s.deleteHook))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record(r, nil)
		fail(w, http.StatusNotFound, "no route %s %s", r.Method, r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Requests returns the requests received so far and forgets them.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.log
	s.log = nil
	return log
}

// Settings returns a stack's stored settings as JSON (nil when it has none).
func (s *Server) Settings(stack string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings[stack]
}

// SetSettings stores a stack's settings as if written by someone else.
func (s *Server) SetSettings(stack string, settings map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings[stack] = settings
}

// Hooks returns a stack's webhooks by name.
func (s *Server) Hooks(stack string) map[string]apitype.Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]apitype.Webhook{}
	for k, v := range s.hooks[stack] {
		out[k] = v
	}
	return out
}

// SetHook stores a webhook on a stack as if created by someone else.
func (s *Server) SetHook(stack string, h apitype.Webhook) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hooks[stack] == nil {
		s.hooks[stack] = map[string]apitype.Webhook{}
	}
	s.hooks[stack][h.Name] = h
}

// Ciphertext is what the server's encrypt endpoint returns for a secret.
func Ciphertext(secret string) []byte { return []byte("encrypted:" + secret) }

type handler func(w http.ResponseWriter, r *http.Request, stack string, body []byte)

// stack authenticates, logs and resolves the stack of a request before h runs (caller holds
// no lock; h runs under it).
func (s *Server) stack(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.record(r, body)
		s.mu.Lock()
		defer s.mu.Unlock()
		stack := r.PathValue("project") + "/" + r.PathValue("stack")
		switch {
		case r.Header.Get("Authorization") != "token "+Token:
			fail(w, http.StatusUnauthorized, "Unauthorized: No credentials provided or are invalid.")
		case r.PathValue("org") != s.org || !s.stacks[stack]:
			fail(w, http.StatusNotFound, "Stack '%s/%s' not found", r.PathValue("org"), stack)
		default:
			h(w, r, stack, body)
		}
	}
}

func (s *Server) record(r *http.Request, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, Request{Method: r.Method, Path: r.URL.EscapedPath(), Authorization: r.Header.Get("Authorization"), Body: body})
}

func (s *Server) getSettings(w http.ResponseWriter, _ *http.Request, stack string, _ []byte) {
	if s.settings[stack] == nil {
		fail(w, http.StatusNotFound, "deployment settings not found")
		return
	}
	reply(w, s.settings[stack])
}

func (s *Server) patchSettings(w http.ResponseWriter, _ *http.Request, stack string, body []byte) {
	var patch map[string]any
	if err := json.Unmarshal(body, &patch); err != nil {
		fail(w, http.StatusBadRequest, "body: %v", err)
		return
	}
	if s.settings[stack] == nil {
		s.settings[stack] = map[string]any{}
	}
	merge(s.settings[stack], patch)
	reply(w, s.settings[stack])
}

// merge applies a PATCH as Pulumi Cloud documents it: objects merge key by key, null removes
// a key, any other value replaces.
func merge(current, patch map[string]any) {
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(current, k)
		case map[string]any:
			cv, ok := current[k].(map[string]any)
			if !ok {
				cv = map[string]any{}
			}
			merge(cv, pv)
			current[k] = cv
		default:
			current[k] = v
		}
	}
}

func (s *Server) encrypt(w http.ResponseWriter, _ *http.Request, _ string, body []byte) {
	var v apitype.SecretValue
	if err := json.Unmarshal(body, &v); err != nil || v.Value == "" {
		fail(w, http.StatusBadRequest, "body: a secret value is required")
		return
	}
	reply(w, map[string]string{"ciphertext": base64.StdEncoding.EncodeToString(Ciphertext(v.Value))})
}

func (s *Server) listHooks(w http.ResponseWriter, _ *http.Request, stack string, _ []byte) {
	out := []apitype.WebhookResponse{}
	for _, name := range sortedNames(s.hooks[stack]) {
		out = append(out, apitype.WebhookResponse{Webhook: s.hooks[stack][name]})
	}
	reply(w, out)
}

func (s *Server) createHook(w http.ResponseWriter, r *http.Request, stack string, body []byte) {
	h, ok := s.hookBody(w, r, body)
	if !ok {
		return
	}
	if _, exists := s.hooks[stack][h.Name]; exists {
		fail(w, http.StatusConflict, "webhook %q already exists", h.Name)
		return
	}
	if s.hooks[stack] == nil {
		s.hooks[stack] = map[string]apitype.Webhook{}
	}
	s.hooks[stack][h.Name] = h
	reply(w, apitype.WebhookResponse{Webhook: h})
}

func (s *Server) updateHook(w http.ResponseWriter, r *http.Request, stack string, body []byte) {
	h, ok := s.hookBody(w, r, body)
	if !ok {
		return
	}
	name := r.PathValue("hook")
	if _, exists := s.hooks[stack][name]; !exists {
		fail(w, http.StatusNotFound, "webhook %q not found", name)
		return
	}
	h.Name = name // the name comes from the URL
	s.hooks[stack][name] = h
	reply(w, apitype.WebhookResponse{Webhook: h})
}

func (s *Server) deleteHook(w http.ResponseWriter, r *http.Request, stack string, _ []byte) {
	name := r.PathValue("hook")
	if _, exists := s.hooks[stack][name]; !exists {
		fail(w, http.StatusNotFound, "webhook %q not found", name)
		return
	}
	delete(s.hooks[stack], name)
	w.WriteHeader(http.StatusNoContent)
}

// hookBody reads a webhook body and checks it names the stack of the URL, as Pulumi Cloud
// does (400 otherwise).
func (s *Server) hookBody(w http.ResponseWriter, r *http.Request, body []byte) (apitype.Webhook, bool) {
	var h apitype.Webhook
	if err := json.Unmarshal(body, &h); err != nil {
		fail(w, http.StatusBadRequest, "body: %v", err)
		return h, false
	}
	if h.OrganizationName != r.PathValue("org") || h.ProjectName == nil || *h.ProjectName != r.PathValue("project") ||
		h.StackName == nil || *h.StackName != r.PathValue("stack") {
		fail(w, http.StatusBadRequest, "organization, project or stack name in the body does not match the URL")
		return h, false
	}
	if h.DisplayName == "" || h.PayloadURL == "" {
		fail(w, http.StatusBadRequest, "displayName and payloadUrl are required")
		return h, false
	}
	return h, true
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "message": fmt.Sprintf(format, args...)})
}

func sortedNames(m map[string]apitype.Webhook) []string { return slices.Sorted(maps.Keys(m)) }
