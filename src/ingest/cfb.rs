//! The OLE compound file (MS-CFB) that holds an .xls, or an encrypted .xlsx: just enough of it
//! to find a stream and to know where each of its bytes lies in the file.
//!
//! calamine walks the same sector chains without guarding against a chain that loops, a FAT
//! listed a million times over or a sector past the end: a few crafted bytes make it loop
//! forever or allocate without bound. This reader walks them first, as calamine will, and
//! refuses such a file before calamine sees it.

use super::ReadError;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const MAXREGSECT: u32 = 0xFFFF_FFFA;
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Streams shorter than this live in the mini stream, in 64-byte mini sectors.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// A stream's bytes, and for each of its sectors where that sector starts in the file.
#[derive(Debug)]
pub(super) struct Stream {
    pub data: Vec<u8>,
    chunk: usize,
    offsets: Vec<usize>,
}

impl Stream {
    /// Where the stream's byte `at` lies in the file.
    pub fn file_offset(&self, at: usize) -> Option<usize> {
        self.offsets
            .get(at / self.chunk)
            .map(|start| start + at % self.chunk)
    }
}

#[derive(Debug)]
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// A compound file whose FAT, directory and mini stream have been walked.
#[derive(Debug)]
pub(super) struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    max_id: u32,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    mini_fat: Vec<u32>,
    /// The sectors of the mini stream (the root entry's stream), in order.
    mini_sectors: Vec<u32>,
    mini_len: usize,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u32s(b: &[u8]) -> Result<Vec<u32>, ReadError> {
    if !b.len().is_multiple_of(4) {
        return Err(broken("扇区被截断"));
    }
    Ok(b.chunks_exact(4).map(|c| u32_at(c, 0)).collect())
}

pub(super) fn broken(what: &'static str) -> ReadError {
    ReadError::Compound(what)
}

impl<'a> Compound<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ReadError> {
        if bytes.len() < 512 || bytes[..8] != SIGNATURE {
            return Err(broken("文件头无效"));
        }
        let sector = match u16_at(bytes, 30) {
            9 => 512,
            12 => 4096,
            _ => return Err(broken("扇区大小无效")),
        };
        if u16_at(bytes, 32) != 6 || bytes.len() < sector {
            return Err(broken("文件头无效"));
        }
        let max_id = u32::try_from(bytes.len() / sector).map_err(|_| broken("文件过大"))?;
        let mut cfb = Compound {
            bytes,
            sector,
            max_id,
            fat: Vec::new(),
            entries: Vec::new(),
            mini_fat: Vec::new(),
            mini_sectors: Vec::new(),
            mini_len: 0,
        };

        // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors whose last entry
        // points to the next.
        let mut difat = u32s(&bytes[76..512])?;
        let mut next = u32_at(bytes, 68);
        let mut hops = 0;
        while next < MAXREGSECT {
            hops += 1;
            if hops > max_id as usize + 1 {
                return Err(broken("DIFAT链循环"));
            }
            difat.extend(u32s(cfb.sector_bytes(next)?)?);
            next = difat.pop().ok_or_else(|| broken("DIFAT为空"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        // There cannot be more FAT sectors than sectors; a DIFAT that lists one sector a million
        // times would make a FAT of gigabytes.
        if fat_sectors.len() > max_id as usize + 1 {
            return Err(broken("FAT扇区数超过文件大小"));
        }
        for id in fat_sectors {
            let fat = u32s(cfb.sector_bytes(id)?)?;
            cfb.fat.extend(fat);
        }

        let dir_ids = cfb.chain(u32_at(bytes, 48), u64::MAX, false)?;
        let dir = cfb.gather(&dir_ids, u64::MAX, false);
        cfb.entries = dir
            .chunks(128)
            .filter(|c| c.len() == 128)
            .map(|c| entry(c, sector))
            .collect();
        let Some(root) = cfb.entries.first() else {
            return Err(broken("没有目录"));
        };
        let (root_start, root_len) = (root.start, root.len);
        if u16_at(bytes, 26) != 3 && root_start == ENDOFCHAIN {
            return Err(broken("根目录为空"));
        }
        let mini_fat_sectors = u32_at(bytes, 64) as usize;
        if mini_fat_sectors > 0 {
            cfb.mini_sectors = cfb.chain(root_start, root_len, false)?;
            cfb.mini_len = cfb.gather(&cfb.mini_sectors, root_len, false).len();
            let mini_fat_len = (mini_fat_sectors as u64).saturating_mul(sector as u64);
            let ids = cfb.chain(u32_at(bytes, 60), mini_fat_len, false)?;
            let raw = cfb.gather(&ids, mini_fat_len, false);
            cfb.mini_fat = u32s(&raw[..raw.len() - raw.len() % 4])?;
        }
        Ok(cfb)
    }

    /// Is there a stream of this name (any case)?
    pub fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The stream of this name, walked as calamine walks it: from the mini stream when short.
    pub fn stream(&self, name: &str) -> Result<Option<Stream>, ReadError> {
        let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        if entry.len < MINI_CUTOFF {
            let ids = self.chain(entry.start, entry.len, true)?;
            let data = self.gather(&ids, entry.len, true);
            let offsets = ids
                .iter()
                .map(|id| self.mini_offset(*id))
                .collect::<Result<_, _>>()?;
            Ok(Some(Stream {
                data,
                chunk: MINI_SECTOR,
                offsets,
            }))
        } else {
            let ids = self.chain(entry.start, entry.len, false)?;
            let data = self.gather(&ids, entry.len, false);
            let offsets = ids
                .iter()
                .map(|id| (*id as usize + 1) * self.sector)
                .collect();
            Ok(Some(Stream {
                data,
                chunk: self.sector,
                offsets,
            }))
        }
    }

    /// A sector's bytes; the last sector of a cut file may be short. Sector ids count from the
    /// end of the header, which fills the first sector.
    fn sector_bytes(&self, id: u32) -> Result<&'a [u8], ReadError> {
        if id > self.max_id {
            return Err(broken("扇区超出文件末尾"));
        }
        let start = (id as usize + 1) * self.sector;
        if start > self.bytes.len() {
            return Err(broken("扇区超出文件末尾"));
        }
        let end = (start + self.sector).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    /// A mini sector's bytes within the mini stream.
    fn mini_bytes(&self, id: u32) -> Result<&'a [u8], ReadError> {
        let at = self.mini_offset(id)?;
        let end = (at + MINI_SECTOR).min(self.bytes.len());
        Ok(&self.bytes[at..end])
    }

    fn mini_offset(&self, id: u32) -> Result<usize, ReadError> {
        let at = id as usize * MINI_SECTOR;
        if at >= self.mini_len {
            return Err(broken("短扇区超出短流末尾"));
        }
        let sector = self.mini_sectors[at / self.sector];
        let offset = (sector as usize + 1) * self.sector + at % self.sector;
        if offset >= self.bytes.len() {
            return Err(broken("短扇区超出文件末尾"));
        }
        Ok(offset)
    }

    /// The sectors of a chain, up to `len` bytes. A chain that comes back to a sector it has
    /// passed, or leaves the file, is an error: calamine would loop or read past the end.
    fn chain(&self, start: u32, len: u64, mini: bool) -> Result<Vec<u32>, ReadError> {
        let (fat, count) = if mini {
            (&self.mini_fat, self.mini_len / MINI_SECTOR + 1)
        } else {
            (&self.fat, self.max_id as usize + 1)
        };
        let mut seen = vec![false; count];
        let mut ids = Vec::new();
        let mut gathered = 0u64;
        let mut id = start;
        while id != ENDOFCHAIN {
            let bytes = if mini {
                self.mini_bytes(id)?
            } else {
                self.sector_bytes(id)?
            };
            ids.push(id);
            gathered += bytes.len() as u64;
            if gathered >= len {
                break;
            }
            match seen.get_mut(id as usize) {
                Some(s) if !*s => *s = true,
                _ => return Err(broken("扇区链循环")),
            }
            id = *fat
                .get(id as usize)
                .ok_or_else(|| broken("扇区链超出分配表"))?;
        }
        Ok(ids)
    }

    fn gather(&self, ids: &[u32], len: u64, mini: bool) -> Vec<u8> {
        let mut data = Vec::new();
        for id in ids {
            let bytes = if mini {
                self.mini_bytes(*id)
            } else {
                self.sector_bytes(*id)
            };
            data.extend_from_slice(bytes.unwrap_or_default());
        }
        if let Ok(len) = usize::try_from(len) {
            data.truncate(len);
        }
        data
    }
}

fn entry(raw: &[u8], sector: usize) -> Entry {
    let units: Vec<u16> = raw[..64].chunks_exact(2).map(|c| u16_at(c, 0)).collect();
    let mut name = String::from_utf16_lossy(&units);
    if let Some(end) = name.find('\0') {
        name.truncate(end);
    }
    let len = if sector == 512 {
        u64::from(u32_at(raw, 120))
    } else {
        u64::from_le_bytes(raw[120..128].try_into().unwrap_or([0; 8]))
    };
    Entry {
        name,
        start: u32_at(raw, 116),
        len,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A compound file with one stream in regular sectors, for the tests: header, FAT in
    /// sector 0, directory in sector 1, the stream from sector 2.
    pub(crate) fn compound(name: &str, stream: &[u8]) -> Vec<u8> {
        let sectors = stream.len().div_ceil(512);
        let mut out = vec![0u8; 512];
        out[..8].copy_from_slice(&SIGNATURE);
        out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        out[26..28].copy_from_slice(&3u16.to_le_bytes());
        out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        out[30..32].copy_from_slice(&9u16.to_le_bytes());
        out[32..34].copy_from_slice(&6u16.to_le_bytes());
        out[44..48].copy_from_slice(&1u32.to_le_bytes());
        out[48..52].copy_from_slice(&1u32.to_le_bytes());
        out[56..60].copy_from_slice(&4096u32.to_le_bytes());
        out[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        out[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for i in 0..109 {
            let v = if i == 0 { 0 } else { 0xFFFF_FFFF };
            out[76 + i * 4..80 + i * 4].copy_from_slice(&u32::to_le_bytes(v));
        }
        let mut fat = vec![0xFFFF_FFFFu32; 128];
        fat[0] = 0xFFFF_FFFD;
        fat[1] = ENDOFCHAIN;
        for s in 0..sectors {
            fat[2 + s] = if s + 1 == sectors {
                ENDOFCHAIN
            } else {
                u32::try_from(3 + s).unwrap()
            };
        }
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        let mut dir = vec![0u8; 512];
        let mut put = |i: usize, name: &str, kind: u8, start: u32, len: u32| {
            let e = &mut dir[i * 128..(i + 1) * 128];
            let units: Vec<u16> = name.encode_utf16().collect();
            for (k, u) in units.iter().enumerate() {
                e[k * 2..k * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&(u16::try_from(units.len() * 2 + 2).unwrap()).to_le_bytes());
            e[66] = kind;
            e[68..80].copy_from_slice(&[0xFF; 12]);
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&len.to_le_bytes());
        };
        put(0, "Root Entry", 5, ENDOFCHAIN, 0);
        put(1, name, 2, 2, u32::try_from(stream.len()).unwrap());
        dir[76..80].copy_from_slice(&1u32.to_le_bytes());
        out.extend(dir);
        let mut body = stream.to_vec();
        body.resize(sectors * 512, 0);
        out.extend(body);
        out
    }

    #[test]
    fn finds_a_stream_and_where_its_bytes_lie() {
        let data: Vec<u8> = (0..5000u32)
            .map(|i| u8::try_from(i % 251).unwrap())
            .collect();
        let file = compound("Workbook", &data);
        let cfb = Compound::parse(&file).unwrap();
        assert!(cfb.has("workbook"));
        let stream = cfb.stream("Workbook").unwrap().unwrap();
        assert_eq!(stream.data, data);
        assert_eq!(file[stream.file_offset(4321).unwrap()], data[4321]);
    }

    #[test]
    fn refuses_a_chain_that_loops() {
        let mut file = compound("Workbook", &vec![1u8; 5000]);
        // The stream's second sector points back to its first.
        let fat_at = 512;
        file[fat_at + 3 * 4..fat_at + 4 * 4].copy_from_slice(&2u32.to_le_bytes());
        let cfb = Compound::parse(&file).unwrap();
        assert!(
            cfb.stream("Workbook")
                .unwrap_err()
                .to_string()
                .contains("循环")
        );
    }

    #[test]
    fn refuses_a_directory_chain_that_loops() {
        let mut file = compound("Workbook", &vec![1u8; 5000]);
        file[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        assert!(
            Compound::parse(&file)
                .unwrap_err()
                .to_string()
                .contains("循环")
        );
    }
}
