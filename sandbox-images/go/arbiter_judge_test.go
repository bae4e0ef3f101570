package main

// Arbiter's Go judge (process boundary): this test binary holds the task's tests, generated stubs with the
// candidate's signatures and the report channel, and no candidate code. It runs as root (only CAP_SETUID/SETGID/KILL)
// and starts the candidate's call server as uid 65534 in its own process group; every call of a candidate function
// goes there as plain data (arbiter_wire). Outcomes come from the testing package's own state of each test
// (t.Failed, t.Skipped in a Cleanup), never from text anyone prints.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

type arbiterOutcome struct {
	outcome, message string
	ms               float64
}

var (
	arbiterMu       sync.Mutex
	arbiterOutcomes = map[string]arbiterOutcome{}
	arbiterT        *testing.T
	arbiterStarted  time.Time
	arbiterTimedOut bool
	arbiterBudget   = 10 * time.Second
	arbiterCand     *arbiterProcess
	arbiterEnded    []map[string]interface{}
)

type arbiterProcess struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	replies chan string
	done    chan struct{}
}

// arbiterBegin is put by the verifier at the top of each test function.
func arbiterBegin(t *testing.T) {
	arbiterMu.Lock()
	arbiterT, arbiterStarted, arbiterTimedOut = t, time.Now(), false
	arbiterMu.Unlock()
	t.Cleanup(func() {
		o := arbiterOutcome{outcome: "passed", ms: float64(time.Since(arbiterStarted).Microseconds()) / 1000}
		switch {
		case arbiterTimedOut:
			o.outcome, o.message = "timeout", fmt.Sprintf("exceeded %s", arbiterBudget)
		case t.Skipped():
			o.outcome, o.message = "skipped", "skipped tests count as failed"
		case t.Failed():
			o.outcome, o.message = "failed", "assertion failed (the test's output is in the run's output)"
		}
		arbiterMu.Lock()
		arbiterOutcomes[t.Name()] = o
		arbiterMu.Unlock()
	})
}

func arbiterStart() *arbiterProcess {
	cmd := exec.Command("/work/cand/cand.bin")
	cmd.Dir = "/work/cand"
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/work/cand", "LANG=C.UTF-8"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true,
		Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}}
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = arbiterRelay
	p := &arbiterProcess{cmd: cmd, in: in, replies: make(chan string, 1), done: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		close(p.done)
		return p
	}
	go func() {
		r := bufio.NewReaderSize(out, 1<<16)
		for {
			line, err := r.ReadString('\n')
			if strings.HasPrefix(line, arbiterFrame) {
				p.replies <- strings.TrimPrefix(line, arbiterFrame)
			} else if line != "" {
				arbiterRelay.Write([]byte(line))
			}
			if err != nil {
				break
			}
		}
		cmd.Wait()
		close(p.done)
	}()
	return p
}

func (p *arbiterProcess) kill() {
	if p.cmd.Process != nil {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		p.cmd.Process.Kill()
	}
}

func arbiterFail(format string, args ...interface{}) {
	if arbiterT != nil {
		arbiterT.Helper()
		arbiterT.Fatalf(format, args...)
	}
	panic(fmt.Sprintf(format, args...))
}

func arbiterNoteEnd(p *arbiterProcess) {
	status := p.cmd.ProcessState
	line := map[string]interface{}{"t": "candidate", "exit": nil, "signal": nil, "oom": false, "during": "load"}
	if arbiterT != nil {
		line["during"] = arbiterT.Name()
	}
	if status != nil {
		if ws, ok := status.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			line["signal"] = int(ws.Signal())
		} else {
			line["exit"] = status.ExitCode()
		}
	}
	arbiterEnded = append(arbiterEnded, line)
}

// arbiterCall sends one call: args and results are pointers to the stub's parameters and result variables.
func arbiterCall(fn string, args []interface{}, results []interface{}) {
	if arbiterCand == nil {
		arbiterCand = arbiterStart()
	}
	p := arbiterCand
	req := arbiterRequest{Fn: fn}
	for _, a := range args {
		n, err := arbiterEncode(reflect.ValueOf(a).Elem(), 0)
		if err != nil {
			arbiterFail("the test passes a value that cannot be sent to the candidate: %v", err)
		}
		req.Args = append(req.Args, n)
	}
	data, _ := json.Marshal(req)
	deadline := arbiterBudget - time.Since(arbiterStarted)
	if deadline < 0 {
		deadline = 0
	}
	var line string
	select {
	case <-p.done:
		arbiterCand = nil
		arbiterNoteEnd(p)
		arbiterFail("the candidate process ended before the call to %s", fn)
	default:
	}
	go p.in.Write(append(data, '\n'))
	select {
	case line = <-p.replies:
	case <-p.done:
		arbiterCand = nil
		arbiterNoteEnd(p)
		arbiterFail("the candidate process ended during the call to %s", fn)
	case <-time.After(deadline):
		p.kill()
		<-p.done
		arbiterCand = nil
		arbiterTimedOut = true
		arbiterFail("the call to %s exceeded the test's %s", fn, arbiterBudget)
	}
	var reply arbiterReply
	if err := json.Unmarshal([]byte(line), &reply); err != nil {
		arbiterFail("the candidate answered outside the call protocol")
	}
	if reply.Panic != "" {
		arbiterFail("the candidate panicked: %s", reply.Panic)
	}
	if reply.Invalid != "" {
		arbiterFail("%s", reply.Invalid)
	}
	if len(reply.Results) != len(results) {
		arbiterFail("the candidate returned %d values, %d declared", len(reply.Results), len(results))
	}
	for i, r := range results {
		target := reflect.ValueOf(r).Elem()
		v, err := arbiterDecode(reply.Results[i], target.Type(), 0)
		if err != nil {
			arbiterFail("the candidate returned a value that is not plain data of the declared type (%v)", err)
		}
		target.Set(v)
	}
	// A callee's changes to the elements of a slice or map argument are visible to the caller in one process.
	for i, a := range args {
		if i >= len(reply.After) {
			break
		}
		mine := reflect.ValueOf(a).Elem()
		if mine.Kind() != reflect.Slice && mine.Kind() != reflect.Map {
			continue
		}
		theirs, err := arbiterDecode(reply.After[i], mine.Type(), 0)
		if err != nil || theirs.IsNil() || mine.IsNil() {
			continue
		}
		if mine.Kind() == reflect.Slice {
			reflect.Copy(mine, theirs)
		} else {
			for _, k := range mine.MapKeys() {
				mine.SetMapIndex(k, reflect.Value{})
			}
			it := theirs.MapRange()
			for it.Next() {
				mine.SetMapIndex(it.Key(), it.Value())
			}
		}
	}
}

// arbiterRelay passes the candidate's and the tests' output to stderr, capped.
var arbiterRelay = &arbiterCapped{w: os.Stderr, left: 48 * 1024}

type arbiterCapped struct {
	mu   sync.Mutex
	w    io.Writer
	left int
}

func (c *arbiterCapped) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left > 0 {
		n := len(b)
		if n > c.left {
			n = c.left
		}
		c.w.Write(b[:n])
		c.left -= n
		if c.left == 0 {
			c.w.Write([]byte("\n[arbiter: further output was dropped]\n"))
		}
	}
	return len(b), nil
}

func TestMain(m *testing.M) {
	meta := arbiterMeta("/work/judge/meta.txt")
	report := arbiterReport(meta["nonce"])
	if d, err := time.ParseDuration(meta["budget"] + "s"); err == nil {
		arbiterBudget = d
	}
	arbiterCand = arbiterStart()
	boundary := map[string]interface{}{"boundary": "process"}
	report(map[string]interface{}{"t": "start", "boundary": "process"})
	code := m.Run()
	if arbiterCand != nil {
		arbiterCand.kill()
	}
	passed, total := arbiterReportTests(report, meta["tests"], code)
	for _, line := range arbiterEnded {
		report(line)
	}
	end := map[string]interface{}{"t": "end", "total": total, "passed": passed}
	for k, v := range boundary {
		end[k] = v
	}
	report(end)
	os.Exit(0)
}

func arbiterMeta(path string) map[string]string {
	raw, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "arbiter: cannot read the run's meta file")
		os.Exit(70)
	}
	os.Remove(path)
	meta := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			meta[k] = v
		}
	}
	return meta
}

// arbiterReport keeps the original stdout as the report channel; everything else printed goes to stderr.
func arbiterReport(nonce string) func(map[string]interface{}) {
	fd, err := syscall.Dup(1)
	if err != nil {
		os.Exit(70)
	}
	syscall.Dup2(2, 1)
	out := os.NewFile(uintptr(fd), "report")
	return func(fields map[string]interface{}) {
		line, _ := json.Marshal(fields)
		fmt.Fprintf(out, "@@%s %s\n", nonce, line)
	}
}

func arbiterReportTests(report func(map[string]interface{}), names string, code int) (int, int) {
	passed, total := 0, 0
	for _, name := range strings.Split(names, ",") {
		if name == "" {
			continue
		}
		total++
		o, ok := arbiterOutcomes[name]
		if !ok {
			o = arbiterOutcome{outcome: "failed", message: fmt.Sprintf("the test did not run to its end (test binary code %d)", code)}
		}
		if o.outcome == "passed" {
			passed++
		}
		var message interface{}
		if o.message != "" {
			message = o.message
		}
		report(map[string]interface{}{"t": "test", "name": name, "outcome": o.outcome, "message": message, "ms": o.ms})
	}
	return passed, total
}
