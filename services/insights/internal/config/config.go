// Package config reads every setting once, from the environment, and fails fast on a bad one.
package config

import (
	"fmt"
	"os"
	"strconv"
)

type Config struct {
	AppHost      string
	AppPort      int
	DaprHTTPPort int
	// DaprAPIToken goes to the sidecar on every call; AppAPIToken is what the sidecar sends us.
	DaprAPIToken string
	AppAPIToken  string
	PubsubName   string
	StateStore   string
	JWTSecret    string
	// ContractsDir holds the generated JSON Schemas (events/<topic>.schema.json).
	ContractsDir string
}

func Load() (Config, error) {
	c := Config{
		AppHost:      env("APP_HOST", "127.0.0.1"),
		DaprAPIToken: os.Getenv("DAPR_API_TOKEN"),
		AppAPIToken:  os.Getenv("APP_API_TOKEN"),
		PubsubName:   env("PUBSUB_NAME", "pubsub"),
		StateStore:   env("STATE_STORE", "appstate"),
		JWTSecret:    os.Getenv("JWT_SECRET"),
		ContractsDir: env("CONTRACTS_DIR", "packages/contracts/generated"),
	}
	var err error
	if c.AppPort, err = port("APP_PORT", ""); err != nil {
		return c, err
	}
	if c.DaprHTTPPort, err = port("DAPR_HTTP_PORT", "3500"); err != nil {
		return c, err
	}
	if len(c.JWTSecret) < 32 {
		return c, fmt.Errorf("JWT_SECRET must be at least 32 characters")
	}
	for _, t := range []struct{ name, v string }{{"APP_API_TOKEN", c.AppAPIToken}, {"DAPR_API_TOKEN", c.DaprAPIToken}} {
		if t.v != "" && len(t.v) < 16 {
			return c, fmt.Errorf("%s must be at least 16 characters when set", t.name)
		}
	}
	if st, err := os.Stat(c.ContractsDir + "/events"); err != nil || !st.IsDir() {
		return c, fmt.Errorf("CONTRACTS_DIR %q has no events/ folder of JSON Schemas", c.ContractsDir)
	}
	return c, nil
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func port(name, fallback string) (int, error) {
	v := env(name, fallback)
	p, err := strconv.Atoi(v)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("%s must be a port number, got %q", name, v)
	}
	return p, nil
}
