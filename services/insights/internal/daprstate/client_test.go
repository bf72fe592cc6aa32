package daprstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// These tests run the client against a real daprd with a real SQLite state store: the ETag
// semantics the figures rely on are the sidecar's, not ours. DAPRD_BIN names the binary
// (`npm test` sets it from the tools bootstrap); without it they are skipped, saying so.

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

const token = "test-dapr-api-token-0123456789"

func startSidecar(t *testing.T) *Client {
	t.Helper()
	bin := os.Getenv("DAPRD_BIN")
	if bin == "" {
		t.Skip("DAPRD_BIN is not set (npm test sets it): no real sidecar to test the state client against")
	}
	dir := t.TempDir()
	component := fmt.Sprintf(`apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: appstate
spec:
  type: state.sqlite
  version: v1
  metadata:
    - name: connectionString
      value: %s
`, filepath.Join(dir, "state.db"))
	if err := os.WriteFile(filepath.Join(dir, "appstate.yaml"), []byte(component), 0o600); err != nil {
		t.Fatal(err)
	}
	httpPort, grpcPort, internalPort := freePort(t), freePort(t), freePort(t)
	cmd := exec.Command(bin,
		"--app-id", "insights-state-test",
		"--dapr-listen-addresses", "127.0.0.1",
		"--dapr-http-port", fmt.Sprint(httpPort),
		"--dapr-grpc-port", fmt.Sprint(grpcPort),
		"--dapr-internal-grpc-port", fmt.Sprint(internalPort),
		"--enable-metrics=false",
		"--resources-path", dir,
		"--log-level", "warn",
	)
	cmd.Env = append(os.Environ(), "DAPR_API_TOKEN="+token, "DAPR_HOST_IP=127.0.0.1")
	logFile, _ := os.Create(filepath.Join(dir, "daprd.log"))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	})
	c := New(httpPort, "appstate", token)
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/v1.0/state/appstate/probe", httpPort), nil)
		req.Header.Set("dapr-api-token", token)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode < 300 {
				return c
			}
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "daprd.log"))
			t.Fatalf("daprd's state API did not answer in 60 s:\n%s", b)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestStateThroughARealSidecar(t *testing.T) {
	c := startSidecar(t)
	ctx := context.Background()

	if _, _, found, err := c.Get(ctx, "k1"); err != nil || found {
		t.Fatalf("when a key is missing, then not found; got found=%v err=%v", found, err)
	}
	if err := c.Set(ctx, "k1", json.RawMessage(`{"n":1}`), ""); err != nil {
		t.Fatalf("when a new key is written without an ETag, then it is stored; got %v", err)
	}
	if err := c.Set(ctx, "k1", json.RawMessage(`{"n":99}`), ""); !errors.Is(err, ErrConflict) {
		t.Fatalf("when an existing key is written as new, then it conflicts; got %v", err)
	}
	v, etag, found, err := c.Get(ctx, "k1")
	if err != nil || !found || string(v) != `{"n":1}` || etag == "" {
		t.Fatalf("when read back, then the first value and an ETag; got %s %q %v %v", v, etag, found, err)
	}
	if err := c.Set(ctx, "k1", json.RawMessage(`{"n":2}`), etag); err != nil {
		t.Fatalf("when written with the ETag read, then stored; got %v", err)
	}
	if err := c.Set(ctx, "k1", json.RawMessage(`{"n":3}`), etag); !errors.Is(err, ErrConflict) {
		t.Fatalf("when written with a stale ETag, then it conflicts; got %v", err)
	}
	if err := c.Set(ctx, "k2", json.RawMessage(`{"n":7}`), ""); err != nil {
		t.Fatal(err)
	}
	got, err := c.BulkGet(ctx, []string{"k1", "k2", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || string(got["k1"]) != `{"n":2}` || string(got["k2"]) != `{"n":7}` {
		t.Fatalf("bulk get: %v", got)
	}
}
