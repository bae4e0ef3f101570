package main

// Arbiter's Go test runner, copied beside the candidate's main_test.go. TestMain reads the run's nonce and deletes it
// before any test runs, keeps the original stdout as the report channel and passes everything else (the candidate's
// output and `-test.v` lines) through to stderr. Test lines come from the `--- PASS/FAIL/SKIP` lines; since a
// candidate could print those too, a pass also needs m.Run() to succeed, and a skipped test counts as failed.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"syscall"
	"testing"
)

var arbiterResultLine = regexp.MustCompile(`^\s*--- (PASS|FAIL|SKIP): (\S+) \(([0-9.]+)s\)`)

func TestMain(m *testing.M) {
	raw, err := os.ReadFile("/work/meta.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, "arbiter: cannot read the run's meta file")
		os.Exit(70)
	}
	os.Remove("/work/meta.txt")
	nonce := string(regexp.MustCompile(`[0-9a-f]+`).Find(raw))
	reportFd, err := syscall.Dup(1)
	if err != nil {
		os.Exit(70)
	}
	report := os.NewFile(uintptr(reportFd), "report")
	emit := func(fields map[string]interface{}) {
		line, _ := json.Marshal(fields)
		fmt.Fprintf(report, "@@%s %s\n", nonce, line)
	}
	reader, writer, err := os.Pipe()
	if err != nil {
		os.Exit(70)
	}
	syscall.Dup2(int(writer.Fd()), 1)
	type result struct{ outcome, name, seconds string }
	results := make(chan []result)
	go func() {
		var seen []result
		scanner := bufio.NewScanner(reader)
		scanner.Buffer(make([]byte, 64*1024), 1024*1024)
		for scanner.Scan() {
			line := scanner.Text()
			os.Stderr.WriteString(line + "\n")
			if match := arbiterResultLine.FindStringSubmatch(line); match != nil {
				seen = append(seen, result{match[1], match[2], match[3]})
			}
		}
		results <- seen
	}()
	emit(map[string]interface{}{"t": "start"})
	code := m.Run()
	os.Stdout.Sync()
	syscall.Close(1)
	writer.Close()
	seen := <-results
	passed := 0
	for _, r := range seen {
		outcome, message := "failed", interface{}(nil)
		switch r.outcome {
		case "PASS":
			outcome = "passed"
			passed++
		case "SKIP":
			message = "skipped"
		}
		ms, _ := strconv.ParseFloat(r.seconds, 64)
		emit(map[string]interface{}{"t": "test", "name": r.name, "outcome": outcome, "message": message, "ms": ms * 1000})
	}
	total := len(seen)
	if code != 0 && passed == total {
		emit(map[string]interface{}{"t": "test", "name": "go test", "outcome": "failed",
			"message": fmt.Sprintf("the test binary failed with code %d", code)})
		total++
	}
	emit(map[string]interface{}{"t": "end", "total": total, "passed": passed})
	os.Exit(0)
}
