// Arbiter's Go supervisor for the fallback: runs the compiled test binary (tests and candidate together) once per
// test, as uid 65534 in its own process group, and writes the report on its stdout, which no test process holds.
// The list of tests comes from the judge-only meta file (the verifier read it from the task's test source), not
// from anything the binary prints. A test passed only if its process exited 0 AND the wrapper's TestMain wrote, on
// fd 4, the random token the supervisor gave on fd 3 with "ok" for exactly that test.
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	raw, err := os.ReadFile("/work/judge/meta.txt")
	if err != nil {
		os.Exit(70)
	}
	os.Remove("/work/judge/meta.txt")
	meta := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			meta[k] = v
		}
	}
	budget, err := time.ParseDuration(meta["budget"] + "s")
	if err != nil {
		budget = 10 * time.Second
	}
	out := bufio.NewWriter(os.Stdout)
	emit := func(fields map[string]interface{}) {
		line, _ := json.Marshal(fields)
		fmt.Fprintf(out, "@@%s %s\n", meta["nonce"], line)
		out.Flush()
	}
	fallback := meta["fallback"]
	emit(map[string]interface{}{"t": "start", "boundary": "in_process", "fallback": fallback})
	relay := &capped{left: 48 * 1024}
	passed, total := 0, 0
	for _, name := range strings.Split(meta["tests"], ",") {
		if name == "" {
			continue
		}
		total++
		outcome, message, ms, ended := runOne(name, budget, relay)
		if ended != nil {
			emit(ended)
		}
		if outcome == "passed" {
			passed++
		}
		var msg interface{}
		if message != "" {
			msg = message
		}
		emit(map[string]interface{}{"t": "test", "name": name, "outcome": outcome, "message": msg, "ms": ms})
	}
	emit(map[string]interface{}{"t": "end", "total": total, "passed": passed, "boundary": "in_process", "fallback": fallback})
	os.Exit(0)
}

func runOne(name string, budget time.Duration, relay *capped) (string, string, float64, map[string]interface{}) {
	tokenBytes := make([]byte, 16)
	rand.Read(tokenBytes)
	token := hex.EncodeToString(tokenBytes)
	tokenR, tokenW, _ := os.Pipe()
	resR, resW, _ := os.Pipe()
	cmd := exec.Command("/work/bin/tests.bin", "-test.run", "^"+name+"$", "-test.count=1", "-test.v")
	cmd.Dir = "/work/bin"
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/work/bin", "LANG=C.UTF-8"}
	cmd.Stdout, cmd.Stderr = relay, relay
	cmd.ExtraFiles = []*os.File{tokenR, resW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true,
		Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}}
	started := time.Now()
	ms := func() float64 { return float64(time.Since(started).Microseconds()) / 1000 }
	if err := cmd.Start(); err != nil {
		return "error", "cannot start the test binary: " + err.Error(), 0, nil
	}
	tokenR.Close()
	resW.Close()
	tokenW.Write([]byte(token))
	tokenW.Close()
	var report string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b, _ := io.ReadAll(io.LimitReader(resR, 4096))
		report = string(b)
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(budget):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		resR.Close()
		return "timeout", fmt.Sprintf("exceeded %s", budget), ms(), nil
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	resR.Close()
	wg.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	fields := strings.Fields(report)
	okLine := len(fields) == 3 && fields[0] == token && fields[1] == "ok" && fields[2] == name
	if cmd.ProcessState.ExitCode() == 0 && okLine {
		return "passed", "", ms(), nil
	}
	if len(fields) >= 2 && fields[0] == token && fields[1] == "skipped" {
		return "skipped", "skipped tests count as failed", ms(), nil
	}
	if len(fields) >= 2 && fields[0] == token && fields[1] == "failed" {
		return "failed", "assertion failed (the test's output is in the run's output)", ms(), nil
	}
	ended := map[string]interface{}{"t": "candidate", "exit": nil, "signal": nil, "oom": false, "during": name}
	if ws.Signaled() {
		ended["signal"] = int(ws.Signal())
	} else {
		ended["exit"] = cmd.ProcessState.ExitCode()
	}
	return "failed", fmt.Sprintf("the test process ended (code %d) without the test framework's own result", cmd.ProcessState.ExitCode()), ms(), ended
}

type capped struct {
	mu   sync.Mutex
	left int
}

func (c *capped) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left > 0 {
		n := len(b)
		if n > c.left {
			n = c.left
		}
		os.Stderr.Write(b[:n])
		c.left -= n
		if c.left == 0 {
			os.Stderr.Write([]byte("\n[arbiter: further output was dropped]\n"))
		}
	}
	return len(b), nil
}
