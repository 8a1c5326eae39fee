package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// esClient is one keep-alive HTTP client per provider configuration, as a real provider keeps.
type esClient struct {
	endpoint      string
	authorization string
	http          *http.Client
}

func newESClient(endpoint, username, password, apiKey string) *esClient {
	auth := ""
	if apiKey != "" {
		auth = "ApiKey " + apiKey
	} else if username != "" {
		auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password))
	}
	transport := &http.Transport{MaxIdleConnsPerHost: 32, IdleConnTimeout: 90 * time.Second}
	return &esClient{
		endpoint:      strings.TrimRight(endpoint, "/"),
		authorization: auth,
		http:          &http.Client{Transport: transport, Timeout: 60 * time.Second},
	}
}

// httpError keeps the status so callers can tell "gone" (404) from a failure.
type httpError struct {
	Status int
	Body   string
}

func (e *httpError) Error() string {
	return fmt.Sprintf("elasticsearch answered %d: %s", e.Status, e.Body)
}

// do sends one request with a JSON body (or none) and decodes a JSON answer into out (or ignores it).
func (c *esClient) do(method, path string, body any, out any) error {
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequest(method, c.endpoint+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.authorization != "" {
		req.Header.Set("Authorization", c.authorization)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 300 {
		return &httpError{Status: res.StatusCode, Body: string(data)}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}
