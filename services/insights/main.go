// Command insights keeps sellers' sales figures from the platform's events and serves them.
// It talks to Dapr only through its sidecar's HTTP API and reads the contracts only as the
// generated JSON Schemas: nothing of the TypeScript code.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"ticketing.local/insights/internal/config"
	"ticketing.local/insights/internal/contracts"
	"ticketing.local/insights/internal/daprstate"
	"ticketing.local/insights/internal/figures"
	"ticketing.local/insights/internal/httpapi"
	"ticketing.local/insights/internal/subscriptions"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		os.Exit(healthcheck(os.Args[2:]))
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "insights")
	if err := run(log); err != nil {
		log.Error("insights failed", "error", err.Error())
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	cfg, err := config.Load()
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	validator, err := contracts.Load(cfg.ContractsDir)
	if err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	for _, t := range subscriptions.Topics {
		if !validator.Has(t) {
			return fmt.Errorf("contracts: no schema for topic %s in %s", t, cfg.ContractsDir)
		}
	}
	store := daprstate.New(cfg.DaprHTTPPort, cfg.StateStore, cfg.DaprAPIToken)
	service := figures.NewService(store)
	handler := httpapi.New(httpapi.Deps{
		Figures: service,
		Handlers: &subscriptions.Handlers{
			Figures: service, Validator: validator, Log: log, Lag: &subscriptions.LagRecorder{}, Now: time.Now,
		},
		PubsubName:  cfg.PubsubName,
		JWTSecret:   cfg.JWTSecret,
		AppAPIToken: cfg.AppAPIToken,
		Log:         log,
	})

	srv := &http.Server{
		Addr:              net.JoinHostPort(cfg.AppHost, strconv.Itoa(cfg.AppPort)),
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       65 * time.Second,
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", srv.Addr, "sidecar", cfg.DaprHTTPPort, "topics", len(subscriptions.Topics))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("stopping")
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
	return nil
}
