package zoomapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// BenchmarkRecordingsYear fetches twelve one-month windows of recordings from a fake that
// delays every recordings request by 100 ms, sequentially (concurrency 1) and with the
// default concurrency (4), in the same run. It reports wall time in round trips per call
// (rtt/op = wall / 100 ms) and the speed-up; it prints, never asserts.
func BenchmarkRecordingsYear(b *testing.B) {
	const rtt = 100 * time.Millisecond
	e := newEnv(b, zoomtest.Options{})
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Path: "/v2/users/me/recordings", Latency: rtt})
	seq := e.client(e.tok, zoomapi.WithConcurrency(1))
	conc := e.client(e.tok)
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	var seqWall, concWall time.Duration
	ctx := context.Background()
	for b.Loop() {
		for _, run := range []struct {
			c    *zoomapi.Client
			wall *time.Duration
		}{{seq, &seqWall}, {conc, &concWall}} {
			start := time.Now()
			if _, err := run.c.Recordings(ctx, from, to); err != nil {
				b.Fatalf("Recordings: %v", err)
			}
			*run.wall += time.Since(start)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(seqWall)/float64(rtt)/n, "seq-rtt/op")
	b.ReportMetric(float64(concWall)/float64(rtt)/n, "conc-rtt/op")
	b.ReportMetric(float64(seqWall)/float64(concWall), "speedup")
}
