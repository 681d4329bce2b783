//! Excel workbooks (rust_xlsxwriter): Chinese headers, a frozen header row, autofilter, column
//! widths that fit Chinese text, and real numbers, percentages and dates (never numbers as text).
//! Large sheets are written in constant-memory mode, row by row, so a million rows take the same
//! memory as a thousand.
//!
//! Every sheet prints: A4, landscape when its columns are wider than a portrait page, as wide as
//! one page, its header row (and first column) repeated on every page, the workbook's title and
//! the sheet's name at the top and page numbers at the bottom. The workbook's properties (title,
//! author, company, created) are set from [`Book::about`] and the caller's clock.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartType, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::error::{AppError, AppResult};
use crate::values::{Amount, Currency};

/// One cell's value.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number shown with one decimal.
    Num(f64),
    /// A fraction shown as a percentage (0.333 → 33.3%).
    Percent(f64),
    /// A UTC time, shown in the workbook's time zone.
    Time(NaiveDateTime),
    /// A calendar date (no time of day, no time zone).
    Date(NaiveDate),
    /// Money, exact: see [`money`].
    Money(Amount, Currency),
    Empty,
}

/// An amount as Excel shows it: a number with the currency's format when a double holds the
/// decimal exactly as written (at most 15 significant digits, all Excel keeps), parsed from the
/// exact decimal string (never minor units divided as floats); otherwise the exact decimal as
/// text with the currency's code.
pub fn money(amount: Amount, currency: Currency) -> Result<(f64, String), String> {
    let text = amount.format(currency);
    let significant = text.trim_start_matches(['0', '.']).bytes().filter(u8::is_ascii_digit).count();
    match text.parse::<f64>() {
        Ok(x) if significant <= 15 => Ok((x, currency_format(currency))),
        _ => Err(format!("{} {text}", currency.as_str())),
    }
}

/// The number format of a currency: its symbol and its minor digits (`"¥"#,##0.00`).
fn currency_format(currency: Currency) -> String {
    let symbol = match currency {
        Currency::Cny => "¥",
        Currency::Usd => "US$",
        Currency::Eur => "€",
        Currency::Hkd => "HK$",
        Currency::Jpy => "JP¥",
    };
    let digits = usize::try_from(currency.minor_digits()).unwrap_or(0);
    let fraction = if digits == 0 { String::new() } else { format!(".{}", "0".repeat(digits)) };
    format!("\"{symbol}\"#,##0{fraction}")
}

impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Cell::Empty, Cell::Num)
    }
}

/// A column: its header and its width in characters (CJK characters count double).
#[derive(Debug, Clone, Copy)]
pub struct Col<'a> {
    pub header: &'a str,
    pub width: f64,
}

pub const fn col(header: &'static str, width: f64) -> Col<'static> {
    Col { header, width }
}

fn xlsx(e: XlsxError) -> AppError {
    AppError::internal(e)
}

/// Display width of text: CJK and full-width characters take two columns.
pub fn display_width(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum()
}

struct Formats {
    header: Format,
    /// A label beside its value (a fact's name): bold, shaded, at the top of a tall row.
    label: Format,
    wrap: Format,
    percent: Format,
    number: Format,
    time: Format,
    date: Format,
    title: Format,
}

const TIME_FORMAT: &str = "yyyy-mm-dd hh:mm";
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// A workbook being written.
pub struct Book {
    wb: Workbook,
    f: Formats,
    tz: Tz,
    /// The title every printed page carries (see [`Book::about`]).
    heading: String,
    author: String,
    company: String,
    /// When the workbook was made, on the caller's clock (a test's clock in tests, so the same
    /// request twice gives the same bytes).
    created: chrono::DateTime<chrono::Utc>,
}

/// Columns (in characters) that fit across a portrait A4 page at 100 %; wider sheets print
/// landscape.
const PORTRAIT_WIDTH: f64 = 90.0;

/// The footer of every printed page.
const PAGE_FOOTER: &str = "&C第 &P 页，共 &N 页";

impl Book {
    pub fn new(tz: Tz) -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color("#DDEBF7")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let created = crate::clock::current().utc();
        let mut wb = Workbook::new();
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
        // Deflate level 3, not the default 6: the zip's compression was the largest single cost
        // of a 10k-row export (~12% of its time). Measured on the 100k bench copy: 10k rows
        // 0.26-0.31 s -> 0.22-0.28 s, 110k rows 2.95 -> 2.3-2.4 s, file 7.5 -> 8.5 MB (level 1:
        // 12.2 MB for no further gain).
        wb.set_zip_compression_level(3);
        Self {
            wb,
            f: Formats {
                header,
                label: Format::new().set_bold().set_background_color("#DDEBF7").set_align(FormatAlign::Top),
                wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
                percent: Format::new().set_num_format("0.0%"),
                number: Format::new().set_num_format("0.0"),
                time: Format::new().set_num_format(TIME_FORMAT),
                date: Format::new().set_num_format(DATE_FORMAT),
                title: Format::new().set_bold().set_font_size(14),
            },
            tz,
            heading: String::new(),
            author: String::new(),
            company: String::new(),
            created,
        }
    }

    /// Names the workbook: its title (also printed atop every page of the sheets made after
    /// this), its author (who asked for it) and the company (`TANDEM_COMPANY_NAME`).
    pub fn about(&mut self, title: &str, author: &str, company: &str) {
        self.author = author.to_owned();
        self.company = company.trim().to_owned();
        self.retitle(title);
    }

    /// Gives the workbook a more telling title (e.g. with the report's period), keeping its
    /// author; sheets made before keep the title they print.
    pub fn retitle(&mut self, title: &str) {
        let company = &self.company;
        let mut p = DocProperties::new().set_title(title).set_author(&self.author).set_creation_datetime(&self.created);
        if !company.is_empty() {
            p = p.set_company(company);
        }
        self.wb.set_properties(&p);
        self.heading = title.to_owned();
    }

    fn finish_table(ws: &mut Worksheet, cols: usize, rows: u32) -> AppResult<()> {
        let last = u16::try_from(cols.saturating_sub(1)).map_err(AppError::internal)?;
        ws.autofilter(0, 0, rows, last).map_err(xlsx)?;
        Ok(())
    }

    /// A sheet holding a small table; columns widen to fit their content.
    pub fn table(&mut self, name: &str, cols: &[Col<'_>], rows: &[Vec<Cell>]) -> AppResult<()> {
        let mut widths: Vec<Col<'_>> = cols.to_vec();
        for r in rows {
            for (w, v) in widths.iter_mut().zip(r) {
                if let Cell::Text(s) = v {
                    w.width = w.width.max((longest_line(s) + 2.0).min(60.0));
                }
            }
        }
        let n = u32::try_from(rows.len()).map_err(AppError::internal)?;
        let this = Writer { f: &self.f, tz: self.tz };
        let ws = self.wb.add_worksheet();
        ws.set_name(name).map_err(xlsx)?;
        let width = this.header(ws, &widths)?;
        print_layout(ws, &self.heading, width, Some((0, 0)))?;
        for (i, r) in rows.iter().enumerate() {
            let row = u32::try_from(i + 1).map_err(AppError::internal)?;
            let mut lines = 1;
            for ((c, v), w) in r.iter().enumerate().zip(&widths) {
                let c = u16::try_from(c).map_err(AppError::internal)?;
                lines = lines.max(this.wrapped_cell(ws, row, c, v, w.width)?);
            }
            if lines > 1 {
                ws.set_row_height(row, row_height(lines)).map_err(xlsx)?;
            }
        }
        Self::finish_table(ws, cols.len(), n)
    }

    /// A sheet of any size, written in constant memory: `next` yields rows page by page until
    /// `None`. Returns the number of rows written.
    ///
    /// `next` runs on its own thread, one page ahead of the writer (reading a page from the
    /// database and writing the previous one's XML overlap): at most three pages are in memory.
    pub fn stream(
        &mut self,
        name: &str,
        cols: &[Col],
        mut next: impl FnMut() -> AppResult<Option<Vec<Vec<Cell>>>> + Send,
    ) -> AppResult<u64> {
        let this = Writer { f: &self.f, tz: self.tz };
        let ws = self.wb.add_worksheet_with_constant_memory().map_err(xlsx)?;
        ws.set_name(name).map_err(xlsx)?;
        let width = this.header(ws, cols)?;
        print_layout(ws, &self.heading, width, Some((0, 0)))?;
        let mut row: u32 = 0;
        // The reader keeps the writer's notion of "now" (overdue flags are computed there).
        let clock = crate::clock::current();
        std::thread::scope(|s| {
            let (pages, incoming) = std::sync::mpsc::sync_channel::<AppResult<Vec<Vec<Cell>>>>(1);
            s.spawn(move || {
                let _clock = clock.enter();
                while let Some(page) = next().transpose() {
                    let failed = page.is_err();
                    // A closed channel means the writer stopped (an error): stop reading too.
                    if pages.send(page).is_err() || failed {
                        return;
                    }
                }
            });
            for page in incoming {
                for r in page? {
                    row += 1;
                    if row >= 1_048_576 {
                        return Err(AppError::bad_request(
                            "an Excel sheet holds at most 1,048,575 rows: narrow the filters",
                        ));
                    }
                    for (c, v) in r.iter().enumerate() {
                        this.cell(ws, row, u16::try_from(c).map_err(AppError::internal)?, v)?;
                    }
                }
            }
            Ok(())
        })?;
        Self::finish_table(ws, cols.len(), row)?;
        Ok(u64::from(row))
    }

    /// A sheet of labelled values under a title (e.g. a summary or a task's facts).
    pub fn facts(&mut self, name: &str, title: &str, facts: &[(&str, Cell)]) -> AppResult<&mut Worksheet> {
        let f = &self.f;
        let this = Writer { f, tz: self.tz };
        let ws = self.wb.add_worksheet();
        ws.set_name(name).map_err(xlsx)?;
        ws.write_string_with_format(0, 0, title, &f.title).map_err(xlsx)?;
        let label_width = facts.iter().map(|(l, _)| display_width(l)).fold(12.0, f64::max) + 2.0;
        ws.set_column_width(0, label_width).map_err(xlsx)?;
        let value_width = facts
            .iter()
            .map(|(_, v)| match v {
                Cell::Text(s) => longest_line(s).min(60.0),
                _ => 12.0,
            })
            .fold(16.0, f64::max)
            + 2.0;
        ws.set_column_width(1, value_width).map_err(xlsx)?;
        for (i, (label, v)) in facts.iter().enumerate() {
            let row = u32::try_from(i + 2).map_err(AppError::internal)?;
            ws.write_string_with_format(row, 0, *label, &f.label).map_err(xlsx)?;
            let lines = this.wrapped_cell(ws, row, 1, v, value_width)?;
            if lines > 1 {
                ws.set_row_height(row, row_height(lines)).map_err(xlsx)?;
            }
        }
        print_layout(ws, &self.heading, label_width + value_width, None)?;
        Ok(ws)
    }

    /// A printable form on one sheet (e.g. an 审批单), see [`Form`]: `widths` are its columns (in
    /// characters); `title` heads the sheet and every printed page.
    pub fn form(&mut self, name: &str, title: &str, widths: &[f64]) -> AppResult<Form<'_>> {
        let tz = self.tz;
        let ws = self.wb.add_worksheet();
        ws.set_name(name).map_err(xlsx)?;
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(u16::try_from(i).map_err(AppError::internal)?, *w).map_err(xlsx)?;
        }
        // A4 portrait, as wide as one page (as many pages down as it takes), centred.
        ws.set_paper_size(9).set_portrait().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
        ws.set_header(format!("&C{}", header_text(title)));
        ws.set_footer(PAGE_FOOTER);
        let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
        let label = cell.clone().set_bold().set_background_color("#F2F2F2");
        let f = FormFormats {
            header: label.clone().set_align(FormatAlign::Center).set_background_color("#DDEBF7"),
            label,
            cell,
            title: Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center).set_text_wrap(),
            section: Format::new().set_bold().set_font_size(12),
        };
        let mut form = Form { ws, f, tz, widths: widths.to_vec(), row: 0 };
        let last = form.last_col()?;
        form.ws.merge_range(0, 0, 0, last, title, &form.f.title).map_err(xlsx)?;
        // 16-point type is about 1.5 times as wide as the 11 points the widths count in.
        let lines = wrapped_lines(title, widths.iter().sum::<f64>() / 1.5);
        form.ws.set_row_height(0, (24.0 * lines as f64 + 4.0).min(409.0)).map_err(xlsx)?;
        form.row = 1;
        Ok(form)
    }

    /// The time zone the workbook shows times in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn workbook(&mut self) -> &mut Workbook {
        &mut self.wb
    }

    /// The workbook's bytes.
    pub fn into_bytes(mut self) -> AppResult<Vec<u8>> {
        self.wb.save_to_buffer().map_err(xlsx)
    }

    /// Writes the workbook to `path`.
    pub fn save(mut self, path: &std::path::Path) -> AppResult<()> {
        self.wb.save(path).map_err(xlsx)
    }
}

/// The print layout of a sheet whose columns are `width` characters wide in all (see the module's
/// notes): `heading` atop every page, the rows `repeat` repeated on every page (and, when wide,
/// the first column).
fn print_layout(ws: &mut Worksheet, heading: &str, width: f64, repeat: Option<(u32, u32)>) -> AppResult<()> {
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    if width > PORTRAIT_WIDTH {
        ws.set_landscape();
        ws.set_repeat_columns(0, 0).map_err(xlsx)?;
    } else {
        ws.set_portrait();
    }
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last).map_err(xlsx)?;
    }
    let title = if heading.is_empty() { String::new() } else { format!("&L{}", header_text(heading)) };
    ws.set_header(format!("{title}&R&A"));
    ws.set_footer(PAGE_FOOTER);
    Ok(())
}

/// Text for a page header: at most 60 characters, `&` escaped (it starts a header code).
fn header_text(title: &str) -> String {
    let mut short: String = title.chars().take(60).collect();
    if title.chars().count() > 60 {
        short.push('…');
    }
    short.replace('&', "&&")
}

struct FormFormats {
    cell: Format,
    label: Format,
    header: Format,
    title: Format,
    section: Format,
}

/// A printable form being written row by row on a fixed grid of columns: labelled fields (the
/// label in the first column, the value across the others), section titles, and table rows whose
/// cells may span columns. Every cell is bordered, wraps its text and grows its row to fit
/// (estimated from the text's width, since Excel does not fit merged cells itself).
pub struct Form<'a> {
    ws: &'a mut Worksheet,
    f: FormFormats,
    tz: Tz,
    widths: Vec<f64>,
    row: u32,
}

/// Points per line of wrapped text (11-point type with CJK characters).
const LINE_HEIGHT: f64 = 16.0;

/// The widest a column grows for its heading alone (longer headings wrap).
const MAX_HEADER_WIDTH: f64 = 12.0;

impl Form<'_> {
    fn last_col(&self) -> AppResult<u16> {
        u16::try_from(self.widths.len().saturating_sub(1)).map_err(AppError::internal)
    }

    /// A section title, after an empty row.
    pub fn section(&mut self, title: &str) -> AppResult<()> {
        self.row += 1;
        self.ws.write_string_with_format(self.row, 0, title, &self.f.section).map_err(xlsx)?;
        self.ws.set_row_height(self.row, 20).map_err(xlsx)?;
        self.row += 1;
        Ok(())
    }

    /// A labelled value: the label in the first column, the value across the others.
    pub fn field(&mut self, label: &str, value: Cell) -> AppResult<()> {
        let span = self.last_col()?;
        self.write(vec![(text_cell(label), 1, Style::Label), (value, span, Style::Cell)])
    }

    /// Column headings of a table; each spans its number of columns.
    pub fn header(&mut self, cells: &[(&str, u16)]) -> AppResult<()> {
        self.write(cells.iter().map(|(s, n)| (text_cell(s), *n, Style::Header)).collect())
    }

    /// A table row; each cell spans its number of columns.
    pub fn row(&mut self, cells: Vec<(Cell, u16)>) -> AppResult<()> {
        self.write(cells.into_iter().map(|(v, n)| (v, n, Style::Cell)).collect())
    }

    /// Writes one row of cells and grows it to fit their wrapped text.
    fn write(&mut self, cells: Vec<(Cell, u16, Style)>) -> AppResult<()> {
        let mut col = 0u16;
        let mut lines = 1usize;
        for (v, span, style) in &cells {
            let span = (*span).max(1);
            let width: f64 = self.widths.iter().skip(usize::from(col)).take(usize::from(span)).sum();
            if let Cell::Text(s) = v {
                lines = lines.max(wrapped_lines(s, width));
            }
            let base = match style {
                Style::Label => &self.f.label,
                Style::Header => &self.f.header,
                Style::Cell => &self.f.cell,
            };
            put(self.ws, self.tz, (self.row, col, col + span - 1), v, base)?;
            col += span;
        }
        if lines > 1 {
            self.ws.set_row_height(self.row, row_height(lines)).map_err(xlsx)?;
        }
        self.row += 1;
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
enum Style {
    Label,
    Header,
    Cell,
}

/// One value in `row` across columns `first..=last`, with `base` (borders, wrapping) and the
/// value's number format.
fn put(ws: &mut Worksheet, tz: Tz, (row, first, last): (u32, u16, u16), v: &Cell, base: &Format) -> AppResult<()> {
    let money = match v {
        Cell::Money(a, cur) => Some(money(*a, *cur)),
        _ => None,
    };
    let format = match (v, &money) {
        (Cell::Num(_), _) => base.clone().set_num_format("0.0"),
        (Cell::Percent(_), _) => base.clone().set_num_format("0.0%"),
        (Cell::Time(_), _) => base.clone().set_num_format(TIME_FORMAT),
        (Cell::Date(_), _) => base.clone().set_num_format(DATE_FORMAT),
        (_, Some(Ok((_, f)))) => base.clone().set_num_format(f).set_align(FormatAlign::Right),
        (_, Some(Err(_))) => base.clone().set_align(FormatAlign::Right),
        _ => base.clone(),
    };
    if last > first {
        // A merged range is written as text first; then its first cell gets the value.
        ws.merge_range(row, first, row, last, "", &format).map_err(xlsx)?;
    }
    match (v, money) {
        (Cell::Text(s), _) => ws.write_string_with_format(row, first, s, &format),
        (Cell::Int(n), _) => ws.write_number_with_format(row, first, *n as f64, &format),
        (Cell::Num(x) | Cell::Percent(x), _) => ws.write_number_with_format(row, first, *x, &format),
        (Cell::Time(t), _) => ws.write_datetime_with_format(row, first, tz.from_utc_datetime(t).naive_local(), &format),
        (Cell::Date(d), _) => ws.write_date_with_format(row, first, *d, &format),
        (_, Some(Ok((x, _)))) => ws.write_number_with_format(row, first, x, &format),
        (_, Some(Err(text))) => ws.write_string_with_format(row, first, text, &format),
        (Cell::Money(..) | Cell::Empty, None) => ws.write_blank(row, first, &format),
    }
    .map(|_| ())
    .map_err(xlsx)
}

fn text_cell(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

/// Lines `s` takes wrapped in a cell `width` characters wide (CJK characters count double).
/// The display width of the longest line of `s`.
fn longest_line(s: &str) -> f64 {
    s.split('\n').map(display_width).fold(0.0, f64::max)
}

/// The height of a row showing `lines` lines of wrapped text (Excel's ceiling is 409 points;
/// Excel does not grow rows written by a program).
fn row_height(lines: usize) -> f64 {
    (LINE_HEIGHT * lines as f64 + 4.0).min(409.0)
}

fn wrapped_lines(s: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    s.split('\n').map(|p| ((display_width(p) / usable).ceil() as usize).max(1)).sum()
}

/// Writes cells with the book's formats (borrowed apart from the workbook).
struct Writer<'a> {
    f: &'a Formats,
    tz: Tz,
}

impl Writer<'_> {
    /// Writes `v`; text longer than its column `width` (or of several lines) wraps. Returns the
    /// lines it takes, for the row's height.
    fn wrapped_cell(&self, ws: &mut Worksheet, row: u32, c: u16, v: &Cell, width: f64) -> AppResult<usize> {
        if let Cell::Text(s) = v {
            let lines = wrapped_lines(s, width);
            if lines > 1 {
                ws.write_string_with_format(row, c, s, &self.f.wrap).map_err(xlsx)?;
                return Ok(lines);
            }
        }
        self.cell(ws, row, c, v)?;
        Ok(1)
    }

    fn cell(&self, ws: &mut Worksheet, row: u32, c: u16, v: &Cell) -> AppResult<()> {
        match v {
            Cell::Text(s) => ws.write_string(row, c, s).map(|_| ()),
            Cell::Int(n) => ws.write_number(row, c, *n as f64).map(|_| ()),
            Cell::Num(x) => ws.write_number_with_format(row, c, *x, &self.f.number).map(|_| ()),
            Cell::Percent(x) => ws.write_number_with_format(row, c, *x, &self.f.percent).map(|_| ()),
            Cell::Time(t) => {
                let local = self.tz.from_utc_datetime(t).naive_local();
                ws.write_datetime_with_format(row, c, local, &self.f.time).map(|_| ())
            }
            Cell::Date(d) => ws.write_date_with_format(row, c, *d, &self.f.date).map(|_| ()),
            Cell::Money(a, cur) => match money(*a, *cur) {
                Ok((x, format)) => ws.write_number_with_format(row, c, x, &Format::new().set_num_format(format)),
                Err(text) => ws.write_string(row, c, text),
            }
            .map(|_| ()),
            Cell::Empty => Ok(()),
        }
        .map_err(xlsx)
    }

    /// Writes the header row (a long heading wraps onto a second or third line rather than
    /// widening its column past what its values need) and returns the columns' total width.
    fn header(&self, ws: &mut Worksheet, cols: &[Col<'_>]) -> AppResult<f64> {
        let (mut total, mut lines) = (0.0, 1);
        for (i, c) in cols.iter().enumerate() {
            let i = u16::try_from(i).map_err(AppError::internal)?;
            let width = c.width.max((display_width(c.header) + 2.0).min(MAX_HEADER_WIDTH));
            lines = lines.max(wrapped_lines(c.header, width));
            total += width;
            ws.set_column_width(i, width).map_err(xlsx)?;
            ws.write_string_with_format(0, i, c.header, &self.f.header).map_err(xlsx)?;
        }
        if lines > 1 {
            ws.set_row_height(0, row_height(lines)).map_err(xlsx)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        Ok(total)
    }
}

/// Writes a two-column block (a heading row, then one row per line) at row `*at` of a summary
/// sheet and moves `*at` past it; returns the rows of its lines, for a chart, when there are any.
/// A line without a value leaves its cell blank (a gap in a chart; its label says why);
/// `percent` formats the values as percentages.
pub fn value_block(
    ws: &mut Worksheet,
    at: &mut u32,
    (label, value, percent): (&str, &str, bool),
    lines: impl Iterator<Item = (String, Option<f64>)>,
) -> AppResult<Option<(u32, u32)>> {
    let heading = Format::new().set_bold();
    ws.write_string_with_format(*at, 0, label, &heading).map_err(xlsx)?;
    ws.write_string_with_format(*at, 1, value, &heading).map_err(xlsx)?;
    let first = *at + 1;
    let mut row = *at;
    let number = Format::new().set_num_format(if percent { "0.0%" } else { "0" });
    for (name, v) in lines {
        row += 1;
        ws.write_string(row, 0, name).map_err(xlsx)?;
        match v {
            Some(x) => ws.write_number_with_format(row, 1, x, &number).map_err(xlsx)?,
            // Blank, not the words: Excel plots text among a chart's values as 0.
            None => ws,
        };
    }
    *at = row + 2;
    Ok((row >= first).then_some((first, row)))
}

/// What a chart's value axis shows.
#[derive(Debug, Clone, Copy)]
pub enum ValueAxis<'a> {
    /// Fractions shown as percentages, the axis from 0 to 100 %; `&str` names the axis.
    Percent(&'a str),
    /// Counts from 0; `&str` names the axis.
    Count(&'a str),
}

/// A column chart of `values` against `categories`, both ranges of `sheet` (rows `first..=last`):
/// each column labelled with its value, both axes named. A blank value is a gap (no column),
/// never a zero.
#[allow(clippy::too_many_arguments)]
pub fn column_chart(
    title: &str,
    sheet: &str,
    (first, last): (u32, u32),
    category_col: u16,
    value_col: u16,
    category_axis: &str,
    value_axis: ValueAxis<'_>,
) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(title);
    let mut label = ChartDataLabel::new();
    label.show_value();
    if matches!(value_axis, ValueAxis::Percent(_)) {
        label.set_num_format("0%");
    }
    chart
        .add_series()
        .set_name(title)
        .set_categories((sheet, first, category_col, last, category_col))
        .set_values((sheet, first, value_col, last, value_col))
        .set_data_label(&label);
    chart.x_axis().set_name(category_axis);
    match value_axis {
        ValueAxis::Percent(name) => {
            chart.y_axis().set_name(name).set_num_format("0%").set_min(0).set_max(1);
        }
        ValueAxis::Count(name) => {
            chart.y_axis().set_name(name).set_min(0);
        }
    }
    chart.legend().set_hidden();
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(n: usize, size: usize) -> impl FnMut() -> AppResult<Option<Vec<Vec<Cell>>>> + Send {
        let mut made = 0;
        move || {
            if made == n {
                return Ok(None);
            }
            made += 1;
            Ok(Some((0..size).map(|i| vec![Cell::Int(i as i64), Cell::Text(format!("第{made}页"))]).collect()))
        }
    }

    #[test]
    fn a_streamed_sheet_writes_every_page_read_ahead_of_it() {
        let mut book = Book::new(chrono_tz::Asia::Shanghai);
        let rows = book.stream("任务列表", &[col("序号", 8.0), col("页", 8.0)], pages(3, 2_500)).expect("stream");
        assert_eq!(rows, 7_500);
        let dir = tempfile::tempdir().expect("dir");
        book.save(&dir.path().join("t.xlsx")).expect("save");
    }

    #[test]
    fn a_failing_page_ends_the_sheet_with_its_error() {
        let mut book = Book::new(chrono_tz::Asia::Shanghai);
        let mut ok = pages(2, 10);
        let mut calls = 0;
        let failing = move || {
            calls += 1;
            if calls == 3 {
                return Err(AppError::conflict("the database went away"));
            }
            ok()
        };
        let err = book.stream("任务列表", &[col("序号", 8.0), col("页", 8.0)], failing).expect_err("fails");
        assert!(err.detail.contains("went away"), "{}", err.detail);
    }
}
