package localapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zoomtray/zoomtray/service"
)

// maxLine bounds one NDJSON line of a stream.
const maxLine = 1 << 20

// Login signs in through the agent, passing each event to events (on the caller's
// goroutine). Cancelling ctx closes the stream, which cancels the sign-in in the agent.
func (c *Client) Login(ctx context.Context, req service.LoginRequest, events func(service.LoginEvent)) error {
	resp, err := c.send(ctx, c.stream, http.MethodPost, "/v1/login", req, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for sc.Scan() {
		done, err := loginLine(sc.Bytes(), events)
		if done || err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("localapi: login stream ended early: %w", errors.Join(io.ErrUnexpectedEOF, sc.Err()))
}

// loginLine handles one line of the Login stream: an event, or the end.
func loginLine(line []byte, events func(service.LoginEvent)) (done bool, err error) {
	var end streamEnd
	if err := json.Unmarshal(line, &end); err != nil {
		return true, fmt.Errorf("localapi: login stream: %w", err)
	}
	switch {
	case end.Event == "" && end.Error != nil:
		return true, end.Error
	case end.Event == "" && end.Done:
		return true, nil
	case end.Event == "":
		return true, errors.New("localapi: login stream: line without event")
	}
	var ev service.LoginEvent
	if err := json.Unmarshal(line, &ev); err != nil {
		return true, fmt.Errorf("localapi: login stream: %w", err)
	}
	if events != nil {
		events(ev)
	}
	return false, nil
}

// Watch sends the agent's current status, then each change, until ctx is done or the
// agent goes away; the channel is closed then.
func (c *Client) Watch(ctx context.Context) (<-chan service.Status, error) {
	resp, err := c.send(ctx, c.stream, http.MethodGet, "/v1/watch", nil, nil)
	if err != nil {
		return nil, err
	}
	ch := make(chan service.Status)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 4096), maxLine)
		for sc.Scan() {
			var st service.Status
			if json.Unmarshal(sc.Bytes(), &st) != nil {
				return
			}
			select {
			case ch <- st:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}

// Download writes a recording file from offset on to w. Progress is counted here, with the
// total from Content-Length or Content-Range (-1 when the agent does not know it).
func (c *Client) Download(ctx context.Context, fileID string, w io.Writer, offset int64, progress func(done, total int64)) error {
	if fileID == "" {
		return errors.New("localapi: empty file ID")
	}
	hdr := http.Header{}
	if offset > 0 {
		hdr.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	}
	resp, err := c.send(ctx, c.stream, http.MethodGet, "/v1/recordings/files/"+url.PathEscape(fileID), nil, hdr)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	total := totalSize(resp, offset)
	done := offset
	buf := make([]byte, 64<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				return fmt.Errorf("localapi: download: %w", err)
			}
			done += int64(n)
			if progress != nil {
				progress(done, total)
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("localapi: download: %w", rerr)
		}
	}
}

// totalSize reads the file's size from "Content-Range: bytes a-b/size", else offset plus
// Content-Length, else -1.
func totalSize(resp *http.Response, offset int64) int64 {
	if cr := resp.Header.Get("Content-Range"); cr != "" {
		if i := strings.LastIndexByte(cr, '/'); i >= 0 {
			if n, err := strconv.ParseInt(cr[i+1:], 10, 64); err == nil {
				return n
			}
		}
	}
	if resp.ContentLength >= 0 {
		return offset + resp.ContentLength
	}
	return -1
}
