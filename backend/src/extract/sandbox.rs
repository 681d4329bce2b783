//! Each extraction runs in a child process: `tandem extract-text --format F` (the same binary, a
//! hidden subcommand) with the blob's file as its stdin; it writes the text to stdout and exits.
//!
//! Why a process: a hostile or merely broken file can make a parser loop or allocate without
//! end, and Rust has no way to stop a thread from outside. The parent ([`Sandbox::run`]) kills
//! the child when its time is up; the child ([`child_main`]) first limits itself (Linux):
//! - address space (`RLIMIT_AS`, [`MEMORY_BYTES`]): an allocation past it fails and the child
//!   aborts, instead of the server being swapped out or killed by the OOM killer;
//! - CPU time (`RLIMIT_CPU`, the time limit plus a second): a backstop should the parent be gone;
//! - no core dumps, no files written (`RLIMIT_FSIZE` 0; stdout is a pipe), no processes started
//!   (`RLIMIT_NPROC` 0);
//! - it is killed when the thread that started it ends (`PR_SET_PDEATHSIG`).
//!
//! It starts with an empty environment, so it holds none of the server's secrets
//! (`TANDEM_JWT_SECRET`, the database URL). It still runs as the same user: an operator who wants
//! more (a separate user, seccomp, no network) points `TANDEM_EXTRACT_PROGRAM` at a wrapper
//! (bubblewrap, systemd-run, …) that runs `tandem extract-text "$@"`.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use super::{cut_at_char, extract, ExtractError, Format, Limits};

/// The address space an extraction may use (the binary and its libraries included).
pub const MEMORY_BYTES: u64 = 1024 * 1024 * 1024;
/// The subcommand the child runs.
pub const SUBCOMMAND: &str = "extract-text";
/// Exit codes of the child besides 0 (the text is on stdout): its stderr says why.
const EXIT_FAILED: u8 = 2;
const EXIT_SKIPPED: u8 = 3;
/// Reasons kept in `file_texts.error` are short.
const MAX_REASON: usize = 200;
const POLL: Duration = Duration::from_millis(20);

/// The arguments of `tandem extract-text`.
#[derive(Debug, Clone, clap::Args)]
pub struct ChildArgs {
    /// docx, xlsx, pptx, pdf or plain.
    #[arg(long)]
    pub format: String,
    /// CPU seconds before the kernel stops the process.
    #[arg(long, default_value_t = 60)]
    pub cpu_secs: u64,
    /// Address space limit in bytes.
    #[arg(long, default_value_t = MEMORY_BYTES)]
    pub memory_bytes: u64,
    /// The file to read; without it, stdin (what the worker gives).
    pub path: Option<PathBuf>,
}

/// For binaries other than `tandem` that run the same child (the API tests' helper).
#[derive(Debug, clap::Parser)]
#[command(name = SUBCOMMAND)]
struct ChildCli {
    #[command(flatten)]
    args: ChildArgs,
}

/// Parses `extract-text ARGS…` (the first item is the subcommand's name) and runs the child.
pub fn child_main_from(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    use clap::Parser;
    child_main(ChildCli::parse_from(args).args)
}

/// What came out of one extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Text(String),
    /// Not read, on purpose (too large).
    Skipped(String),
    /// The file could not be read in time and memory, or is not what it claims.
    Failed(String),
}

/// How the worker runs extractions.
#[derive(Debug, Clone)]
pub struct Sandbox {
    /// The program to run: this binary, or what `TANDEM_EXTRACT_PROGRAM` names.
    pub program: PathBuf,
    pub timeout: Duration,
    pub memory_bytes: u64,
}

impl Sandbox {
    pub fn new(program: Option<PathBuf>, timeout: Duration) -> std::io::Result<Self> {
        let program = match program {
            Some(p) => p,
            None => std::env::current_exe()?,
        };
        Ok(Self { program, timeout, memory_bytes: MEMORY_BYTES })
    }

    /// Extracts the text of `input` (an open file, the child's stdin) in a child process,
    /// killed at the time limit.
    pub fn run(&self, format: Format, input: std::fs::File) -> Verdict {
        let mut cmd = Command::new(&self.program);
        cmd.arg(SUBCOMMAND)
            .arg("--format")
            .arg(format.as_str())
            .arg("--cpu-secs")
            .arg((self.timeout.as_secs() + 1).to_string())
            .arg("--memory-bytes")
            .arg(self.memory_bytes.to_string())
            .env_clear()
            .stdin(Stdio::from(input))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Where the binary finds its shared libraries, when the operator had to say so.
        if let Some(v) = std::env::var_os("LD_LIBRARY_PATH") {
            cmd.env("LD_LIBRARY_PATH", v);
        }
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => return Verdict::Failed(reason(&format!("could not start the extractor: {e}"))),
        };
        let started = Instant::now();
        // The child never writes more than the text limit; reading stops a little past it.
        let cap = u64::try_from(Limits::default().max_text_bytes).unwrap_or(u64::MAX) + 4096;
        let stdout = child.stdout.take().map(|out| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = out.take(cap).read_to_end(&mut buf);
                buf
            })
        });
        let stderr = child.stderr.take().map(|err| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = err.take(4096).read_to_end(&mut buf);
                buf
            })
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() >= self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Verdict::Failed(reason(&format!("lost the extractor: {e}")));
                }
            }
        };
        // The child is gone, so both pipes are closed and the readers end.
        let out = stdout.and_then(|h| h.join().ok()).unwrap_or_default();
        let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
        let said = first_line(&err);
        let Some(status) = status else {
            return Verdict::Failed(format!("took longer than {} s", self.timeout.as_secs_f64()));
        };
        if status.success() {
            return Verdict::Text(String::from_utf8_lossy(&out).into_owned());
        }
        match (status.code(), signal_of(&status)) {
            (Some(c), _) if c == i32::from(EXIT_SKIPPED) => Verdict::Skipped(said),
            (Some(c), _) if c == i32::from(EXIT_FAILED) && !said.is_empty() => Verdict::Failed(said),
            // SIGABRT: Rust aborts when an allocation fails (the address space limit).
            (_, Some(6)) => Verdict::Failed("crashed (out of memory)".into()),
            // SIGXCPU, or SIGKILL at the hard CPU limit.
            (_, Some(24 | 9)) => Verdict::Failed("used too much CPU time".into()),
            (_, Some(sig)) => Verdict::Failed(format!("crashed (signal {sig})")),
            (code, None) => Verdict::Failed(reason(&format!("the extractor failed (exit {code:?}) {said}"))),
        }
    }
}

#[cfg(unix)]
fn signal_of(status: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn signal_of(_: &std::process::ExitStatus) -> Option<i32> {
    None
}

fn reason(s: &str) -> String {
    let mut s = s.trim().to_owned();
    cut_at_char(&mut s, MAX_REASON);
    s
}

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    reason(text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default())
}

/// The child: limits itself, reads the file, writes its text to stdout.
pub fn child_main(args: ChildArgs) -> ExitCode {
    let fail = |code: u8, why: &dyn std::fmt::Display| {
        eprintln!("{}", reason(&why.to_string()));
        ExitCode::from(code)
    };
    if let Err(e) = confine(&args) {
        return fail(EXIT_FAILED, &format!("could not limit the extractor: {e}"));
    }
    let Ok(format) = args.format.parse::<Format>() else {
        return fail(EXIT_FAILED, &format!("unknown format {:?}", args.format));
    };
    let limits = Limits::default();
    let content = match read_at_most(args.path.as_deref(), limits.max_input_bytes) {
        Ok(Some(c)) => c,
        Ok(None) => return fail(EXIT_SKIPPED, &ExtractError::TooLarge(limits.max_input_bytes)),
        Err(e) => return fail(EXIT_FAILED, &format!("cannot read the file: {e}")),
    };
    // A parser's panic is reported as a failure, without its message (it may quote the file).
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| extract(format, &content, &limits))
        .unwrap_or_else(|_| Err(ExtractError::invalid("the extractor gave up on this file")));
    match result {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(EXIT_FAILED, &format!("cannot write the text: {e}")),
            }
        }
        Err(e @ ExtractError::TooLarge(_)) => fail(EXIT_SKIPPED, &e),
        Err(e) => fail(EXIT_FAILED, &e),
    }
}

/// The content of the file at `path` (else of stdin), `None` when it is larger than `max`.
fn read_at_most(path: Option<&Path>, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut content = Vec::new();
    match path {
        Some(p) => std::fs::File::open(p)?.take(max + 1).read_to_end(&mut content)?,
        None => std::io::stdin().lock().take(max + 1).read_to_end(&mut content)?,
    };
    Ok((u64::try_from(content.len()).unwrap_or(u64::MAX) <= max).then_some(content))
}

#[cfg(target_os = "linux")]
fn confine(args: &ChildArgs) -> std::io::Result<()> {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let limit =
        |resource, soft: u64, hard: u64| setrlimit(resource, Rlimit { current: Some(soft), maximum: Some(hard) });
    rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))?;
    limit(Resource::As, args.memory_bytes, args.memory_bytes)?;
    limit(Resource::Cpu, args.cpu_secs, args.cpu_secs + 1)?;
    limit(Resource::Core, 0, 0)?;
    limit(Resource::Fsize, 0, 0)?;
    limit(Resource::Nproc, 0, 0)?;
    Ok(())
}

/// Elsewhere only the parent's time limit applies.
#[cfg(not(target_os = "linux"))]
fn confine(_: &ChildArgs) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_of_what_the_child_said_is_the_reason() {
        assert_eq!(first_line(b"\n  bad XML: x\nmore"), "bad XML: x");
        assert_eq!(first_line(&"长".repeat(300).into_bytes()).chars().count(), 66);
    }

    #[test]
    fn a_missing_program_fails_without_waiting() {
        let sandbox = Sandbox {
            program: PathBuf::from("/nonexistent/tandem"),
            timeout: Duration::from_secs(5),
            memory_bytes: MEMORY_BYTES,
        };
        let verdict = sandbox.run(Format::Plain, std::fs::File::open("/dev/null").expect("null"));
        assert!(matches!(&verdict, Verdict::Failed(m) if m.starts_with("could not start")), "{verdict:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_child_past_its_time_is_killed_and_fails() {
        // A script that sleeps, whatever it is asked, stands in for a parser that never ends.
        let dir = tempfile::tempdir().expect("tempdir");
        let script = dir.path().join("stall.sh");
        std::fs::write(&script, "#!/bin/sh\nexec /bin/sleep 30\n").expect("write");
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700)).expect("chmod");
        let sandbox = Sandbox { program: script, timeout: Duration::from_millis(300), memory_bytes: MEMORY_BYTES };
        let started = Instant::now();
        let verdict = sandbox.run(Format::Plain, std::fs::File::open("/dev/null").expect("null"));
        assert_eq!(verdict, Verdict::Failed("took longer than 0.3 s".into()));
        assert!(started.elapsed() < Duration::from_secs(5), "killed at once, not after the sleep");
    }

    #[test]
    fn cut_reasons_stay_short() {
        assert_eq!(reason(&"x".repeat(500)).len(), MAX_REASON);
    }
}
