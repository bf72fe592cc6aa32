// Package contracts validates event data against the JSON Schemas generated from the
// platform's contracts (packages/contracts/generated/events/<topic>.schema.json).
package contracts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator holds one compiled schema per topic.
type Validator struct {
	schemas map[string]*jsonschema.Schema
}

// Load compiles every events/*.schema.json under dir.
func Load(dir string) (*Validator, error) {
	files, err := filepath.Glob(filepath.Join(dir, "events", "*.schema.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no event schemas in %s/events", dir)
	}
	c := jsonschema.NewCompiler()
	v := &Validator{schemas: map[string]*jsonschema.Schema{}}
	for _, f := range files {
		topic := strings.TrimSuffix(filepath.Base(f), ".schema.json")
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		url := "file:///contracts/events/" + topic + ".schema.json"
		if err := c.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		s, err := c.Compile(url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		v.schemas[topic] = s
	}
	return v, nil
}

// Topics lists the topics there is a schema for.
func (v *Validator) Topics() []string {
	out := make([]string, 0, len(v.schemas))
	for t := range v.schemas {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Has tells whether there is a schema for a topic.
func (v *Validator) Has(topic string) bool {
	_, ok := v.schemas[topic]
	return ok
}

// Validate checks one event's data (raw JSON) against its topic's schema.
func (v *Validator) Validate(topic string, data []byte) error {
	s, ok := v.schemas[topic]
	if !ok {
		return fmt.Errorf("no schema for topic %q", topic)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.Validate(inst)
}
