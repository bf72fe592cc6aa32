// Package daprstate talks to a Dapr state store through the sidecar's HTTP API
// (/v1.0/state/<store>), with ETags for optimistic concurrency.
package daprstate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"ticketing.local/insights/internal/figures"
)

// ErrConflict means the key changed (or appeared) since it was read: read again and retry.
var ErrConflict = figures.ErrConflict

// Client is one state store behind one sidecar.
type Client struct {
	base  string
	token string
	http  *http.Client
}

func New(daprHTTPPort int, store, apiToken string) *Client {
	return &Client{
		base:  fmt.Sprintf("http://127.0.0.1:%d/v1.0/state/%s", daprHTTPPort, url.PathEscape(store)),
		token: apiToken,
		http:  &http.Client{Timeout: 10 * time.Second},
	}
}

func (c *Client) do(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("content-type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("dapr-api-token", c.token)
	}
	return c.http.Do(req)
}

// Get returns a key's value and ETag; found is false when the key does not exist.
func (c *Client) Get(ctx context.Context, key string) (value []byte, etag string, found bool, err error) {
	res, err := c.do(ctx, http.MethodGet, "/"+url.PathEscape(key), nil)
	if err != nil {
		return nil, "", false, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, "", false, err
	}
	switch {
	case res.StatusCode == http.StatusNoContent || (res.StatusCode == http.StatusOK && len(b) == 0):
		return nil, "", false, nil
	case res.StatusCode == http.StatusOK:
		return b, res.Header.Get("ETag"), true, nil
	default:
		return nil, "", false, fmt.Errorf("state get %s: %d %s", key, res.StatusCode, bytes.TrimSpace(b))
	}
}

// Set writes a key with first-write concurrency: with an ETag it succeeds only if the key still
// has it; with none, only if the key does not exist yet. Either way ErrConflict otherwise.
func (c *Client) Set(ctx context.Context, key string, value json.RawMessage, etag string) error {
	item := map[string]any{
		"key":     key,
		"value":   value,
		"options": map[string]string{"concurrency": "first-write", "consistency": "strong"},
	}
	if etag != "" {
		item["etag"] = etag
	}
	res, err := c.do(ctx, http.MethodPost, "", []any{item})
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	switch {
	case res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusOK:
		return nil
	case res.StatusCode == http.StatusConflict:
		return ErrConflict
	// Some stores answer a stale ETag with 400/500 and ERR_STATE_SAVE naming the etag mismatch.
	case bytes.Contains(bytes.ToLower(b), []byte("etag")):
		return ErrConflict
	default:
		return fmt.Errorf("state save %s: %d %s", key, res.StatusCode, bytes.TrimSpace(b))
	}
}

// BulkGet reads many keys at once; missing keys are left out of the answer.
func (c *Client) BulkGet(ctx context.Context, keys []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	if len(keys) == 0 {
		return out, nil
	}
	res, err := c.do(ctx, http.MethodPost, "/bulk", map[string]any{"keys": keys, "parallelism": 8})
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("state bulk get: %d %s", res.StatusCode, bytes.TrimSpace(b))
	}
	var items []struct {
		Key   string          `json:"key"`
		Data  json.RawMessage `json:"data"`
		Error string          `json:"error"`
	}
	if err := json.Unmarshal(b, &items); err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Error != "" {
			return nil, fmt.Errorf("state bulk get %s: %s", it.Key, it.Error)
		}
		if len(it.Data) > 0 && string(it.Data) != "null" {
			out[it.Key] = it.Data
		}
	}
	return out, nil
}
