package contracts

import (
	"os"
	"path/filepath"
	"testing"
)

// The generated schemas and the fixtures both TypeScript and Go tests read.
const (
	generated = "../../../../packages/contracts/generated"
	fixtures  = "../../../../packages/contracts/fixtures"
)

func TestFixturesAgainstGeneratedSchemas(t *testing.T) {
	v, err := Load(generated)
	if err != nil {
		t.Fatal(err)
	}
	topics, _ := os.ReadDir(fixtures)
	checked := 0
	for _, dir := range topics {
		if !dir.IsDir() {
			continue
		}
		topic := dir.Name()
		if !v.Has(topic) {
			t.Errorf("fixtures for %s, but no generated schema", topic)
			continue
		}
		for _, kind := range []string{"valid", "invalid"} {
			files, _ := filepath.Glob(filepath.Join(fixtures, topic, kind, "*.json"))
			if len(files) == 0 {
				t.Errorf("%s has no %s fixtures", topic, kind)
			}
			for _, f := range files {
				name := topic + "/" + kind + "/" + filepath.Base(f)
				t.Run(name, func(t *testing.T) {
					data, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					err = v.Validate(topic, data)
					if kind == "valid" && err != nil {
						t.Errorf("when a valid fixture is checked, then it passes; got %v", err)
					}
					if kind == "invalid" && err == nil {
						t.Errorf("when an invalid fixture is checked, then it fails; it passed")
					}
				})
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d fixtures checked", checked)
	}
	for _, topic := range v.Topics() {
		if _, err := os.Stat(filepath.Join(fixtures, topic)); err != nil {
			t.Errorf("topic %s has a schema but no fixtures", topic)
		}
	}
}

func TestUnknownTopicAndNonJSON(t *testing.T) {
	v, err := Load(generated)
	if err != nil {
		t.Fatal(err)
	}
	if v.Validate("no.such.topic", []byte(`{}`)) == nil {
		t.Error("when the topic has no schema, then validation fails")
	}
	if v.Validate("order.created", []byte(`{not json`)) == nil {
		t.Error("when the data is not JSON, then validation fails")
	}
}
