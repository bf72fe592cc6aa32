package main

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

// healthcheck is the container's probe (`insights healthcheck [--sidecar]`): the image has no
// curl or Node, so the binary asks its own health route, and with --sidecar its sidecar's too.
func healthcheck(args []string) int {
	port := os.Getenv("APP_PORT")
	if port == "" {
		port = "3000"
	}
	urls := []string{"http://127.0.0.1:" + port + "/healthz"}
	for _, a := range args {
		if a == "--sidecar" {
			dapr := os.Getenv("DAPR_HTTP_PORT")
			if dapr == "" {
				dapr = "3500"
			}
			urls = append(urls, "http://127.0.0.1:"+dapr+"/v1.0/healthz")
		}
	}
	client := &http.Client{Timeout: 2500 * time.Millisecond}
	for _, u := range urls {
		res, err := client.Get(u)
		if err != nil {
			fmt.Fprintf(os.Stderr, "unhealthy: %v\n", err)
			return 1
		}
		res.Body.Close()
		if res.StatusCode >= 300 {
			fmt.Fprintf(os.Stderr, "unhealthy: %s answered %d\n", u, res.StatusCode)
			return 1
		}
	}
	return 0
}
