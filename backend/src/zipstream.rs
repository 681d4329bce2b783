//! A zip archive written front to back (never seeking), so a round's files stream to the client
//! as they are read: entries are stored as they are (office files and images are compressed
//! already), each followed by a data descriptor with its CRC-32, then the central directory.
//! Names are UTF-8 (flag bit 11). Archives are limited to 4 GiB and 65,535 entries (no ZIP64):
//! [`fits`] says beforehand whether a set of entries does.

use std::io::{self, Read, Write};

use chrono::{Datelike, NaiveDateTime, Timelike};

const LOCAL: u32 = 0x0403_4b50;
const DESCRIPTOR: u32 = 0x0807_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
/// Data descriptor follows (bit 3), names are UTF-8 (bit 11).
const FLAGS: u16 = 0x0808;
const VERSION: u16 = 20;

/// The archive's exact size in bytes for entries of these names and sizes.
pub fn size<'a>(entries: impl IntoIterator<Item = (&'a str, u64)>) -> u64 {
    entries.into_iter().map(|(name, size)| 30 + 2 * name.len() as u64 + size + 16 + 46).sum::<u64>() + 22
}

/// Whether entries of these names and sizes fit one archive.
pub fn fits<'a>(entries: impl IntoIterator<Item = (&'a str, u64)> + Clone) -> bool {
    let count = entries.clone().into_iter().count();
    count <= usize::from(u16::MAX) && size(entries) <= u64::from(u32::MAX)
}

fn dos_time(t: NaiveDateTime) -> (u16, u16) {
    let year = t.year().clamp(1980, 2107);
    let date = ((year - 1980) as u16) << 9 | (t.month() as u16) << 5 | t.day() as u16;
    let time = (t.hour() as u16) << 11 | (t.minute() as u16) << 5 | (t.second() as u16 / 2);
    (time, date)
}

fn too_large() -> io::Error {
    io::Error::other("the archive would pass 4 GiB or 65,535 entries")
}

pub struct ZipWriter<W: Write> {
    out: W,
    offset: u64,
    central: Vec<u8>,
    count: u16,
}

impl<W: Write> ZipWriter<W> {
    pub fn new(out: W) -> Self {
        Self { out, offset: 0, central: Vec::new(), count: 0 }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.offset += bytes.len() as u64;
        Ok(())
    }

    /// Adds an entry named `name` (local time `modified`) with the content `data` yields.
    pub fn add(&mut self, name: &str, modified: NaiveDateTime, mut data: impl Read) -> io::Result<()> {
        let header_at = u32::try_from(self.offset).map_err(|_| too_large())?;
        self.count = self.count.checked_add(1).ok_or_else(too_large)?;
        let name_len = u16::try_from(name.len()).map_err(|_| io::Error::other("an entry name is too long"))?;
        let (time, date) = dos_time(modified);
        let mut h = Vec::with_capacity(30 + name.len());
        h.extend_from_slice(&LOCAL.to_le_bytes());
        h.extend_from_slice(&VERSION.to_le_bytes());
        h.extend_from_slice(&FLAGS.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes()); // stored
        h.extend_from_slice(&time.to_le_bytes());
        h.extend_from_slice(&date.to_le_bytes());
        h.extend_from_slice(&[0; 12]); // CRC and sizes: in the descriptor
        h.extend_from_slice(&name_len.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        h.extend_from_slice(name.as_bytes());
        self.put(&h)?;
        let mut crc = crc32fast::Hasher::new();
        let mut size: u64 = 0;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = data.read(&mut buf)?;
            if n == 0 {
                break;
            }
            crc.update(&buf[..n]);
            size += n as u64;
            self.put(&buf[..n])?;
        }
        let crc = crc.finalize();
        let size = u32::try_from(size).map_err(|_| too_large())?;
        let mut d = Vec::with_capacity(16);
        d.extend_from_slice(&DESCRIPTOR.to_le_bytes());
        d.extend_from_slice(&crc.to_le_bytes());
        d.extend_from_slice(&size.to_le_bytes());
        d.extend_from_slice(&size.to_le_bytes());
        self.put(&d)?;
        let c = &mut self.central;
        c.extend_from_slice(&CENTRAL.to_le_bytes());
        c.extend_from_slice(&VERSION.to_le_bytes()); // made by (MS-DOS)
        c.extend_from_slice(&VERSION.to_le_bytes());
        c.extend_from_slice(&FLAGS.to_le_bytes());
        c.extend_from_slice(&0u16.to_le_bytes());
        c.extend_from_slice(&time.to_le_bytes());
        c.extend_from_slice(&date.to_le_bytes());
        c.extend_from_slice(&crc.to_le_bytes());
        c.extend_from_slice(&size.to_le_bytes());
        c.extend_from_slice(&size.to_le_bytes());
        c.extend_from_slice(&name_len.to_le_bytes());
        c.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attributes
        c.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        c.extend_from_slice(&header_at.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        Ok(())
    }

    /// Writes the central directory; returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        let at = u32::try_from(self.offset).map_err(|_| too_large())?;
        let central = std::mem::take(&mut self.central);
        let size = u32::try_from(central.len()).map_err(|_| too_large())?;
        self.put(&central)?;
        let mut e = Vec::with_capacity(22);
        e.extend_from_slice(&END.to_le_bytes());
        e.extend_from_slice(&[0; 4]); // disk numbers
        e.extend_from_slice(&self.count.to_le_bytes());
        e.extend_from_slice(&self.count.to_le_bytes());
        e.extend_from_slice(&size.to_le_bytes());
        e.extend_from_slice(&at.to_le_bytes());
        e.extend_from_slice(&0u16.to_le_bytes());
        self.put(&e)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A name that Windows, macOS and Linux all accept for a file: no `<>:"/\|?*` or control
/// characters (each becomes `_`), no trailing dot or space, not a reserved device name, at most
/// `max` characters (the extension kept).
pub fn safe_name(raw: &str, max: usize) -> String {
    let mut s: String =
        raw.chars().map(|c| if c.is_control() || "<>:\"/\\|?*".contains(c) { '_' } else { c }).collect();
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    if s.is_empty() {
        s.push('_');
    }
    let stem = s.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    if s.chars().count() > max {
        let ext: String = match s.rsplit_once('.') {
            Some((_, e)) if e.chars().count() <= 10 => format!(".{e}"),
            _ => String::new(),
        };
        let keep = max.saturating_sub(ext.chars().count());
        s = s.chars().take(keep).collect::<String>() + &ext;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_on_windows() {
        assert_eq!(safe_name("销售部_张三_经营数据.xlsx", 200), "销售部_张三_经营数据.xlsx");
        assert_eq!(safe_name("a<b>c:d\"e|f?g*h\\i/j.txt", 200), "a_b_c_d_e_f_g_h_i_j.txt");
        assert_eq!(safe_name("report. ", 200), "report");
        assert_eq!(safe_name("CON.txt", 200), "_CON.txt");
        assert_eq!(safe_name("com1", 200), "_com1");
        assert_eq!(safe_name(&format!("{}.xlsx", "长".repeat(300)), 100).chars().count(), 100);
        assert!(safe_name(&format!("{}.xlsx", "长".repeat(300)), 100).ends_with(".xlsx"));
    }

    #[test]
    fn an_archive_written_front_to_back_has_its_entries_and_their_crc() {
        let at = NaiveDateTime::parse_from_str("2026-12-03 18:00:00", "%Y-%m-%d %H:%M:%S").unwrap_or_default();
        let mut z = ZipWriter::new(Vec::new());
        z.add("销售部_张三_数据.txt", at, &b"hello"[..]).unwrap_or_else(|e| panic!("{e}"));
        z.add("empty.txt", at, &b""[..]).unwrap_or_else(|e| panic!("{e}"));
        let bytes = z.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes.len() as u64, size([("销售部_张三_数据.txt", 5u64), ("empty.txt", 0)]));
        // The end record counts two entries; the central directory names the first one.
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], &END.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let crc = crc32fast::hash(b"hello");
        let descriptor = [&DESCRIPTOR.to_le_bytes()[..], &crc.to_le_bytes()[..]].concat();
        assert!(bytes.windows(8).any(|w| w == descriptor.as_slice()));
        assert!(fits([("a", 10u64), ("b", 20)]));
        assert!(!fits([("a", u64::from(u32::MAX))]));
    }
}
