package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheckCommand lets a container probe the running service without curl
// in the image.
func healthcheckCommand() command {
	return command{
		name:    "healthcheck",
		summary: "exit 0 when the service on HOTLINE_HTTP_ADDR answers /healthz or --path (for container health checks)",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			path := fs.String("path", "/healthz", "the probe to ask: /healthz (alive) or /readyz (database reachable)")
			return func(ctx context.Context, e *env, _ []string) error {
				host, port, err := net.SplitHostPort(e.cfg.HTTPAddr)
				if err != nil {
					return fmt.Errorf("HOTLINE_HTTP_ADDR: %w", err)
				}
				if host == "" || host == "0.0.0.0" || host == "::" {
					host = "127.0.0.1"
				}
				ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
				defer cancel()
				url := "http://" + net.JoinHostPort(host, port) + *path
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if err != nil {
					return err
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return fmt.Errorf("%s: %w", url, err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					return fmt.Errorf("%s: %s", url, resp.Status)
				}
				return nil
			}
		},
	}
}
