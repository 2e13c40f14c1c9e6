// grpc-load makes unary lockstep.policy.v1.PolicyService/Check calls and prints
// {calls, errors, seconds, p50Ms, p99Ms, offeredRps, late} as JSON. Closed loop (default): a fixed
// number of calls always in flight, so the latency is that of the stated concurrency. Open loop
// (-rate R): calls are due at fixed 1/R intervals whatever the server does, and each latency is
// measured from when its call was due (not when a free worker got to send it), so a server that
// falls behind shows it in p99 instead of silently slowing the generator (coordinated omission). It exists because the server under
// test must not be measured with a client that costs more CPU per call than the server does: a
// Node grpc-js client (~190 µs/call here) or ghz (~100 µs/call, dynamic messages and templates)
// saturate before a grpc-js server does. Requests are encoded once up front and responses are
// not decoded, so the per-call cost is only grpc-go's transport.
//
// Build (git-ignored output; CI does not build it, and the bench skips its rows without it):
//
//	cd test/bench/grpc-load && go build -o ../../../deploy/local/.tools/grpc-load .
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// rawCodec passes pre-encoded protobuf bytes through untouched.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = data
	return nil
}
func (rawCodec) Name() string { return "proto" }

// checkRequest encodes CheckRequest{account_id: id} (field 1, length-delimited).
func checkRequest(id string) []byte {
	b := []byte{0x0a}
	n := len(id)
	for n >= 0x80 {
		b = append(b, byte(n)|0x80)
		n >>= 7
	}
	b = append(b, byte(n))
	return append(b, id...)
}

const bucketUs = 10
const buckets = 100_000 // 10 µs buckets up to 1 s; slower calls land in the last one

func main() {
	address := flag.String("address", "127.0.0.1:50051", "server host:port")
	seconds := flag.Float64("seconds", 3, "measured seconds")
	warmup := flag.Float64("warmup", 1, "unmeasured seconds before measuring")
	concurrency := flag.Int("concurrency", 64, "calls in flight")
	connections := flag.Int("connections", 4, "HTTP/2 connections")
	accounts := flag.Int("accounts", 20000, "distinct account ids bench-0..N-1")
	prefix := flag.String("prefix", "bench-", "account id prefix")
	rate := flag.Float64("rate", 0, "open loop: calls per second offered (0 = closed loop with -concurrency in flight); -concurrency caps the calls in flight")
	flag.Parse()
	// The generator shares the machine with the server it measures: collect garbage less often
	// (a few MB of extra heap) so that more of the CPU goes to the server. GOGC still overrides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	reqs := make([][]byte, *accounts)
	for i := range reqs {
		reqs[i] = checkRequest(fmt.Sprintf("%s%d", *prefix, i))
	}
	conns := make([]*grpc.ClientConn, *connections)
	for i := range conns {
		c, err := grpc.Dial(*address, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		conns[i] = c
	}

	var measuring, stop atomic.Bool
	var next atomic.Uint64
	// Open loop: the due time of every call, produced on schedule; "late" counts calls that could
	// not even be queued because every worker was busy and the backlog was full.
	var due chan time.Time
	var late atomic.Int64
	if *rate > 0 {
		due = make(chan time.Time, 1<<16)
		go func() {
			interval := float64(time.Second) / *rate
			t0 := time.Now()
			var n int64
			for !stop.Load() {
				now := time.Now()
				for ; t0.Add(time.Duration(float64(n) * interval)).Before(now); n++ {
					select {
					case due <- t0.Add(time.Duration(float64(n) * interval)):
					default:
						if measuring.Load() {
							late.Add(1)
						}
					}
				}
				time.Sleep(100 * time.Microsecond)
			}
			close(due)
		}()
	}
	type tally struct {
		calls, errors int64
		hist          []int64
	}
	tallies := make([]*tally, *concurrency)
	var wg sync.WaitGroup
	for w := 0; w < *concurrency; w++ {
		t := &tally{hist: make([]int64, buckets)}
		tallies[w] = t
		conn := conns[w%len(conns)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			var resp []byte
			for !stop.Load() {
				start := time.Now()
				if due != nil {
					d, ok := <-due
					if !ok || stop.Load() {
						return
					}
					start = d
				}
				i := next.Add(1)
				req := reqs[(i*7919)%uint64(len(reqs))]
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				err := conn.Invoke(ctx, "/lockstep.policy.v1.PolicyService/Check", &req, &resp)
				elapsed := time.Since(start)
				cancel()
				if !measuring.Load() {
					continue
				}
				if err != nil {
					t.errors++
					continue
				}
				t.calls++
				b := int(elapsed.Microseconds()/bucketUs) + 1
				if b >= buckets {
					b = buckets - 1
				}
				t.hist[b]++
			}
		}()
	}
	time.Sleep(time.Duration(*warmup * float64(time.Second)))
	measuring.Store(true)
	t0 := time.Now()
	time.Sleep(time.Duration(*seconds * float64(time.Second)))
	measuring.Store(false)
	elapsed := time.Since(t0).Seconds()
	stop.Store(true)
	wg.Wait()

	var calls, errors int64
	hist := make([]int64, buckets)
	for _, t := range tallies {
		calls += t.calls
		errors += t.errors
		for b, n := range t.hist {
			hist[b] += n
		}
	}
	quantile := func(q float64) float64 {
		rank := int64(q*float64(calls)) + 1
		if rank > calls {
			rank = calls
		}
		var seen int64
		for b, n := range hist {
			if seen += n; n > 0 && seen >= rank {
				return float64(b*bucketUs) / 1000
			}
		}
		return -1
	}
	out, _ := json.Marshal(map[string]any{"calls": calls, "errors": errors + late.Load(), "late": late.Load(), "seconds": elapsed, "p50Ms": quantile(0.5), "p99Ms": quantile(0.99), "offeredRps": *rate})
	fmt.Println(string(out))
	for _, c := range conns {
		c.Close()
	}
}
