//! The text extractor as the API tests run it: the test server runs inside the test binary, so
//! `current_exe()` is not `tandem`; this binary runs the same child code
//! (`tandem::extract::sandbox::child_main_from`). A file starting with `%STALL` makes it hang, as
//! a parser caught in a hostile file would, so the tests can see the time limit at work.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // Opened again by name, stdin keeps its own position for the real extractor.
    let mut head = [0u8; 6];
    let stalls =
        std::fs::File::open("/proc/self/fd/0").and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"%STALL";
    if stalls {
        // Long past any test's time limit; bounded, should nobody kill it.
        std::thread::sleep(std::time::Duration::from_secs(120));
        return ExitCode::FAILURE;
    }
    tandem::extract::sandbox::child_main_from(args)
}
