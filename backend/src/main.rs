//! The `tandem` binary: API server with workers, migrations, demo data, OpenAPI, admin setup.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tandem::config::Config;
use tandem::error::AppResult;

#[derive(Parser)]
#[command(name = "tandem", version, about = "Tandem: cross-department collaboration")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API and the background workers.
    Serve {
        /// Load the demo company when the database has no users yet.
        #[arg(long, env = "TANDEM_SEED_DEMO")]
        seed_demo: bool,
    },
    /// Run only the background workers (no HTTP).
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo company (does nothing when users exist).
    SeedDemo,
    /// Print the OpenAPI document as YAML.
    Openapi,
    /// Rebuild the search index (`TANDEM_SEARCH_DIR`) from the database. Stop the server that
    /// uses that directory first; a server also rebuilds a missing or outdated index by itself.
    Reindex,
    /// Fill a fresh database with a large benchmark dataset.
    SeedBench {
        #[arg(long, default_value_t = 100_000)]
        tasks: usize,
        #[arg(long, default_value_t = 1_000)]
        users: usize,
        /// Subtasks of one extra top-level task, linked in a layered dependency graph (0: none).
        #[arg(long, default_value_t = 10_000)]
        graph_nodes: usize,
    },
    /// Internal: read the text of one file (stdin) for search and print it; the workers run it
    /// as a child process they can kill (`extract::sandbox`).
    #[command(name = "extract-text", hide = true)]
    ExtractText(tandem::extract::sandbox::ChildArgs),
    /// Create an administrator account.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "管理员")]
        name: String,
    },
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("TANDEM_LOG").unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// glibc's malloc settings for a long-running server, which it reads only when a process
/// starts: at most two arenas (by default every thread that allocates may get its own, up to
/// eight per core), and a fixed mmap threshold, so blocks of 128 KiB and more (a password hash's
/// 19 MiB, a SQLite sort's buffer) go back to the system when freed (by default the threshold
/// rises to the largest block freed so far, and such blocks then stay in the arenas).
/// Measured on 1M tasks after the benchmark's logins and list pages: 155 MB of anonymous memory
/// kept by default, 45 MB with these.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MALLOC_SETTINGS: [(&str, &str); 2] = [("MALLOC_ARENA_MAX", "2"), ("MALLOC_MMAP_THRESHOLD_", "131072")];

/// Restarts the process in place (same pid) with [`MALLOC_SETTINGS`] in its environment,
/// unless they are there already (an operator's own values win). Returns only when that is not
/// needed or not possible (then Tandem runs with the C library's defaults).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    use std::os::unix::process::CommandExt;
    if MALLOC_SETTINGS.iter().all(|(name, _)| std::env::var_os(name).is_some()) {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let mut again = std::process::Command::new(exe);
    again.args(std::env::args_os().skip(1));
    for (name, value) in MALLOC_SETTINGS {
        if std::env::var_os(name).is_none() {
            again.env(name, value);
        }
    }
    let error = again.exec();
    eprintln!("tandem: could not restart with the malloc settings ({error}); going on without them");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc() {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => {
            print!("{}", tandem::api::openapi_yaml());
            return ExitCode::SUCCESS;
        }
        // A short-lived child of the worker: no configuration, no logging, no malloc restart.
        Command::ExtractText(args) => return tandem::extract::sandbox::child_main(args),
        _ => {}
    }
    tune_malloc();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(errors) => {
            eprintln!("tandem: invalid configuration:");
            for e in errors {
                eprintln!("  - {e}");
            }
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    match run(cli.command, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tandem: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_demo_login() {
    println!("Demo data loaded. Sign in as:");
    println!("  admin: {} / {}", tandem::seed::DEMO_ADMIN_EMAIL, tandem::seed::DEMO_PASSWORD);
    println!("  user:  {} / {} (张三, 销售部)", tandem::seed::DEMO_USER_EMAIL, tandem::seed::DEMO_PASSWORD);
}

fn run(command: Command, config: Config) -> AppResult<()> {
    match command {
        Command::Openapi | Command::ExtractText(_) => Ok(()),
        Command::Migrate => {
            let db = tandem::db::Db::connect(&config.database_url, 1)?;
            let n = db.migrate()?;
            println!("applied {n} migration(s)");
            Ok(())
        }
        Command::SeedDemo => {
            let state = tandem::init_state(config)?;
            if tandem::seed::seed_demo(&state.db)? {
                print_demo_login();
            } else {
                println!("The database already has users; demo data not loaded.");
            }
            Ok(())
        }
        Command::CreateAdmin { email, password, name } => {
            let state = tandem::init_state(config)?;
            let id = tandem::domain::orgs::bootstrap_admin(&state.db, &email, &password, &name)?;
            println!("administrator {email} created ({id})");
            Ok(())
        }
        Command::Reindex => {
            let state = tandem::init_state(config)?;
            let started = std::time::Instant::now();
            let docs =
                tandem::workers::search::reindex(&state.db, &state.config.search_dir, &state.config.database_url)?;
            println!(
                "search index rebuilt in {}: {docs} documents in {:.1}s",
                state.config.search_dir.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::SeedBench { tasks, users, graph_nodes } => {
            let state = tandem::init_state(config)?;
            let started = std::time::Instant::now();
            let seeded = tandem::seed_bench::seed(&state.db, tasks, users.max(50), graph_nodes)?;
            println!(
                "seeded {} users, {} tasks, {} rows in {:.1}s; admin {} / {}",
                seeded.users,
                seeded.tasks,
                seeded.rows,
                started.elapsed().as_secs_f64(),
                tandem::seed_bench::BENCH_ADMIN_EMAIL,
                tandem::seed_bench::BENCH_PASSWORD
            );
            Ok(())
        }
        Command::Serve { seed_demo } => {
            let state = tandem::init_state(config)?;
            if seed_demo && tandem::seed::seed_demo(&state.db)? {
                print_demo_login();
            }
            actix_web::rt::System::new().block_on(async move {
                let running = tandem::start(state).map_err(tandem::error::AppError::internal)?;
                println!("Tandem API listening on http://{} (docs: http://{}/api/docs/)", running.addr, running.addr);
                running.server.await.map_err(tandem::error::AppError::internal)
            })
        }
        Command::Worker => {
            let state = tandem::init_state(config)?;
            actix_web::rt::System::new().block_on(async move {
                tandem::workers::spawn(std::sync::Arc::new(state));
                println!("Tandem workers running; Ctrl-C stops them.");
                actix_web::rt::signal::ctrl_c().await.map_err(tandem::error::AppError::internal)
            })
        }
    }
}
