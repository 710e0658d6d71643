package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// loadEnv applies and checks the environment variables of README.md
// "Configuration". Secrets never appear in its errors.
func (c *Config) loadEnv(getenv func(string) string) error {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	if v := get("HOTLINE_DB"); v != "" {
		if err := checkDB(v); err != nil {
			return fmt.Errorf("HOTLINE_DB: %w", err)
		}
		c.DB = v
	}
	c.ConfigPath = get("HOTLINE_CONFIG")
	if v := get("HOTLINE_TIMEZONE"); v != "" {
		loc, err := time.LoadLocation(v)
		if err != nil {
			return fmt.Errorf("HOTLINE_TIMEZONE: unknown time zone %q (want an IANA name such as Asia/Shanghai)", v)
		}
		c.Location = loc
	}
	if v := get("HOTLINE_FONT"); v != "" {
		c.Charts = Charts{Font: v, FontFrom: "HOTLINE_FONT"}
	}
	c.BotToken = get("TELEGRAM_BOT_TOKEN")
	if v := get("TELEGRAM_API_URL"); v != "" {
		u, err := checkURL(v, "http", "https")
		if err != nil {
			return fmt.Errorf("TELEGRAM_API_URL: %w", err)
		}
		c.APIURL = strings.TrimRight(u, "/")
	}
	if v := get("HOTLINE_HTTP_ADDR"); v != "" {
		if err := checkAddr(v); err != nil {
			return fmt.Errorf("HOTLINE_HTTP_ADDR: %w", err)
		}
		c.HTTPAddr = v
	}
	tokens, err := splitTokens(getenv("HOTLINE_API_TOKEN"))
	if err != nil {
		return fmt.Errorf("HOTLINE_API_TOKEN: %w", err)
	}
	c.APITokens = tokens
	return c.loadWebhook(get("TELEGRAM_WEBHOOK_URL"), get("TELEGRAM_WEBHOOK_SECRET"))
}

// checkDB accepts the forms store.Open understands.
func checkDB(v string) error {
	switch {
	case strings.HasPrefix(v, "postgres://"), strings.HasPrefix(v, "postgresql://"):
		if _, err := url.Parse(v); err != nil {
			return fmt.Errorf("invalid PostgreSQL URL %q", redactURL(v))
		}
	case strings.HasPrefix(v, "sqlite:"):
		if strings.TrimPrefix(v, "sqlite:") == "" {
			return errors.New(`empty SQLite path in "sqlite:" (want sqlite:PATH)`)
		}
	case strings.Contains(v, "://"):
		return fmt.Errorf("unsupported database %q (want a file path, sqlite:PATH or postgres://…)", redactURL(v))
	}
	return nil
}

// redactURL hides whatever sits between "://" and the last "@": a password.
func redactURL(v string) string {
	scheme := strings.Index(v, "://")
	at := strings.LastIndex(v, "@")
	if scheme < 0 || at < scheme {
		return v
	}
	return v[:scheme+3] + "…" + v[at:]
}

// checkURL requires an absolute URL with one of the schemes and a host.
func checkURL(v string, schemes ...string) (string, error) {
	want := strings.Join(schemes, "://… or ") + "://…"
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("invalid URL %q (want %s)", v, want)
	}
	for _, s := range schemes {
		if u.Scheme == s {
			return v, nil
		}
	}
	return "", fmt.Errorf("invalid URL %q (want %s)", v, want)
}

// checkAddr requires host:port with a numeric port (the host may be empty).
func checkAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("invalid listen address %q (want host:port such as 127.0.0.1:8080 or :8080)", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("invalid port %q in %q (want 0–65535)", port, v)
	}
	return nil
}

// splitTokens splits a comma-separated list, trimmed, empties dropped. A
// token is never echoed: it is a secret.
func splitTokens(v string) ([]string, error) {
	var out []string
	for _, t := range strings.Split(v, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.IndexFunc(t, isSpaceOrControl) >= 0 {
			return nil, fmt.Errorf("token %d contains a space or control character", len(out)+1)
		}
		out = append(out, t)
	}
	return out, nil
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }

var webhookSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// loadWebhook checks webhook mode: an https URL and a secret Telegram
// accepts (1–256 characters of A-Z, a-z, 0-9, _ and -).
func (c *Config) loadWebhook(rawURL, secret string) error {
	if rawURL == "" {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("TELEGRAM_WEBHOOK_URL: invalid URL %q (Telegram calls webhooks only over HTTPS: want https://…)", rawURL)
	}
	if secret == "" {
		return errors.New("TELEGRAM_WEBHOOK_SECRET is not set: webhook mode needs a secret of 1–256 characters A-Z, a-z, 0-9, _ and -")
	}
	if !webhookSecretRe.MatchString(secret) {
		return errors.New("TELEGRAM_WEBHOOK_SECRET: invalid secret (want 1–256 characters A-Z, a-z, 0-9, _ and -)")
	}
	c.WebhookURL, c.WebhookSecret = rawURL, secret
	return nil
}
