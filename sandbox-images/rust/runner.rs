//! Arbiter's Rust test runner, a process of its own beside the candidate's test binary.
//! It reads the run's nonce and deletes it before the test binary starts, lists the declared tests, runs them one
//! thread at a time, passes their output through to stderr and reports "@@nonce {json}" lines on stdout. A test that
//! never reports `ok` (early exit, crash, ignored) counts as failed; a pass also needs the binary to exit with 0.
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let meta = match std::fs::read_to_string("/work/meta.txt") {
        Ok(m) => m,
        Err(_) => std::process::exit(70),
    };
    let _ = std::fs::remove_file("/work/meta.txt");
    let nonce: String = meta.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    let stdout = std::io::stdout();
    let emit = |json: String| {
        let mut out = stdout.lock();
        let _ = writeln!(out, "@@{} {}", nonce, json);
        let _ = out.flush();
    };
    emit("{\"t\":\"start\"}".to_string());
    let listing = Command::new("/work/tests").args(["--list", "--format", "terse"]).stdin(Stdio::null()).output();
    let declared: Vec<String> = match listing {
        Ok(o) => String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.strip_suffix(": test").map(|n| n.to_string()))
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut child = match Command::new("/work/tests")
        .args(["--test-threads=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => std::process::exit(70),
    };
    let mut outcomes: Vec<(String, String)> = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            eprintln!("{}", line);
            if let Some(rest) = line.strip_prefix("test ") {
                if let Some((name, result)) = rest.rsplit_once(" ... ") {
                    outcomes.push((name.to_string(), result.trim().to_string()));
                }
            }
        }
    }
    let status = child.wait().map(|s| s.code().unwrap_or(-1)).unwrap_or(-1);
    let mut passed = 0;
    for name in &declared {
        let result = outcomes.iter().rev().find(|(n, _)| n == name).map(|(_, r)| r.as_str());
        let (outcome, message) = match result {
            Some("ok") => {
                passed += 1;
                ("passed", "null".to_string())
            }
            Some("ignored") => ("failed", quote("ignored")),
            Some(other) => ("failed", quote(other)),
            None => ("failed", quote("the test never reported a result")),
        };
        emit(format!("{{\"t\":\"test\",\"name\":{},\"outcome\":\"{}\",\"message\":{}}}", quote(name), outcome, message));
    }
    let mut total = declared.len();
    if status != 0 && passed == total {
        emit(format!(
            "{{\"t\":\"test\",\"name\":\"test binary\",\"outcome\":\"failed\",\"message\":{}}}",
            quote(&format!("the test binary exited with {}", status))
        ));
        total += 1;
    }
    emit(format!("{{\"t\":\"end\",\"total\":{},\"passed\":{}}}", total, passed));
}
