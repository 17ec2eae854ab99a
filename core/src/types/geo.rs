//! Geohash arithmetic for the GEO commands, as redis-server 7.0.15 does
//! it, so that scores, decoded coordinates, distances and the set of
//! searched cells agree with Redis bit for bit.
//!
//! A position is stored as a sorted-set score: the 52-bit interleave of
//! 26 bits of latitude (even bits) and 26 bits of longitude (odd bits),
//! each the offset into its range (latitude limited to ±85.05112878, the
//! Web Mercator limit) scaled by 2^26. Decoding answers the centre of the
//! cell. A search covers the cell around the centre at a resolution
//! fitted to the radius and its eight neighbours, then filters by exact
//! distance (haversine on a sphere of Redis's radius).

use std::f64::consts::PI;

/// Full-resolution step: 26 bits per coordinate, 52 in all.
pub const STEP_MAX: u8 = 26;
pub const LAT_MIN: f64 = -85.05112878;
pub const LAT_MAX: f64 = 85.05112878;
pub const LONG_MIN: f64 = -180.0;
pub const LONG_MAX: f64 = 180.0;
/// Redis's Earth radius (the WGS-84 quadratic mean), in meters.
pub const EARTH_RADIUS_M: f64 = 6372797.560856;
const MERCATOR_MAX: f64 = 20037726.37;
const D_R: f64 = PI / 180.0;

fn deg_rad(angle: f64) -> f64 {
    angle * D_R
}

fn rad_deg(angle: f64) -> f64 {
    angle / D_R
}

/// A coordinate range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

/// The ranges Redis indexes within.
pub const LONG_RANGE: Range = Range {
    min: LONG_MIN,
    max: LONG_MAX,
};
pub const LAT_RANGE: Range = Range {
    min: LAT_MIN,
    max: LAT_MAX,
};

/// An interleaved hash of `step` bits per coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashBits {
    pub bits: u64,
    pub step: u8,
}

impl HashBits {
    /// The hash shifted to 52 bits: the score of its cell's first point.
    pub fn align52(self) -> u64 {
        self.bits << (52 - u32::from(self.step) * 2)
    }
}

/// A cell: its ranges of longitude and latitude.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub longitude: Range,
    pub latitude: Range,
}

/// Spreads the bits of `x` into the even bits and those of `y` into the
/// odd bits.
fn interleave(x: u32, y: u32) -> u64 {
    const B: [u64; 5] = [
        0x5555555555555555,
        0x3333333333333333,
        0x0F0F0F0F0F0F0F0F,
        0x00FF00FF00FF00FF,
        0x0000FFFF0000FFFF,
    ];
    const S: [u32; 5] = [1, 2, 4, 8, 16];
    let (mut x, mut y) = (u64::from(x), u64::from(y));
    for i in (0..5).rev() {
        x = (x | (x << S[i])) & B[i];
        y = (y | (y << S[i])) & B[i];
    }
    x | (y << 1)
}

/// The inverse of [`interleave`]: the even bits in the low word, the odd
/// bits in the high word.
fn deinterleave(bits: u64) -> u64 {
    const B: [u64; 6] = [
        0x5555555555555555,
        0x3333333333333333,
        0x0F0F0F0F0F0F0F0F,
        0x00FF00FF00FF00FF,
        0x0000FFFF0000FFFF,
        0x00000000FFFFFFFF,
    ];
    const S: [u32; 6] = [0, 1, 2, 4, 8, 16];
    let mut x = bits;
    let mut y = bits >> 1;
    for i in 0..6 {
        x = (x | (x >> S[i])) & B[i];
        y = (y | (y >> S[i])) & B[i];
    }
    x | (y << 32)
}

/// The hash of a point within the given ranges at `step` bits per
/// coordinate; `None` outside Redis's limits or the ranges. (Latitude
/// exactly at the top of its range gives an offset of 2^step, which the
/// interleave folds as Redis's does.)
pub fn encode(
    long_range: Range,
    lat_range: Range,
    longitude: f64,
    latitude: f64,
    step: u8,
) -> Option<HashBits> {
    if step == 0 || step > 32 {
        return None;
    }
    if !(LONG_MIN..=LONG_MAX).contains(&longitude) || !(LAT_MIN..=LAT_MAX).contains(&latitude) {
        return None;
    }
    if latitude < lat_range.min
        || latitude > lat_range.max
        || longitude < long_range.min
        || longitude > long_range.max
    {
        return None;
    }
    let scale = (1u64 << step) as f64;
    let lat_offset = (latitude - lat_range.min) / (lat_range.max - lat_range.min) * scale;
    let long_offset = (longitude - long_range.min) / (long_range.max - long_range.min) * scale;
    Some(HashBits {
        bits: interleave(c_to_u32(lat_offset), c_to_u32(long_offset)),
        step,
    })
}

/// C's conversion of a non-negative double below 2^32 to `uint32_t`.
fn c_to_u32(value: f64) -> u32 {
    value as u64 as u32
}

/// The cell of `hash` within the given ranges.
pub fn decode(long_range: Range, lat_range: Range, hash: HashBits) -> Area {
    let separated = deinterleave(hash.bits);
    let lat_scale = lat_range.max - lat_range.min;
    let long_scale = long_range.max - long_range.min;
    let ilat = separated as u32;
    let ilong = (separated >> 32) as u32;
    let cells = (1u64 << hash.step) as f64;
    Area {
        latitude: Range {
            min: lat_range.min + (f64::from(ilat) * 1.0 / cells) * lat_scale,
            max: lat_range.min + (f64::from(ilat.wrapping_add(1)) * 1.0 / cells) * lat_scale,
        },
        longitude: Range {
            min: long_range.min + (f64::from(ilong) * 1.0 / cells) * long_scale,
            max: long_range.min + (f64::from(ilong.wrapping_add(1)) * 1.0 / cells) * long_scale,
        },
    }
}

/// The position a sorted-set score stands for: its cell's centre,
/// clamped to the limits, as (longitude, latitude). Any score decodes (a
/// score no GEOADD made gives some point), as in Redis.
pub fn decode_score(score: f64) -> (f64, f64) {
    let hash = HashBits {
        bits: c_double_to_u64(score),
        step: STEP_MAX,
    };
    let area = decode(LONG_RANGE, LAT_RANGE, hash);
    let longitude = ((area.longitude.min + area.longitude.max) / 2.0).clamp(LONG_MIN, LONG_MAX);
    let latitude = ((area.latitude.min + area.latitude.max) / 2.0).clamp(LAT_MIN, LAT_MAX);
    (longitude, latitude)
}

/// The score of a point (within the limits).
pub fn score_of(longitude: f64, latitude: f64) -> Option<u64> {
    encode(LONG_RANGE, LAT_RANGE, longitude, latitude, STEP_MAX).map(HashBits::align52)
}

/// `(uint64_t)score` as gcc on x86-64 computes it (the score of a geo
/// member is a whole number below 2^52, where this is exact).
fn c_double_to_u64(value: f64) -> u64 {
    const TWO63: f64 = 9223372036854775808.0;
    let signed = |v: f64| -> i64 {
        if v.is_nan() || !(-TWO63..TWO63).contains(&v) {
            i64::MIN
        } else {
            v as i64
        }
    };
    if value < TWO63 {
        signed(value) as u64
    } else {
        (signed(value - TWO63) as u64) ^ (1 << 63)
    }
}

/// The standard 11-character base32 geohash of a score's position (the
/// latitude range re-taken as -90..90; the 11th character stands for the
/// bits a 52-bit hash lacks, always `0`).
pub fn geohash_string(score: f64) -> [u8; 11] {
    const ALPHABET: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let (longitude, latitude) = decode_score(score);
    let bits = encode(
        LONG_RANGE,
        Range {
            min: -90.0,
            max: 90.0,
        },
        longitude,
        latitude,
        STEP_MAX,
    )
    .map_or(0, |hash| hash.bits);
    let mut out = [b'0'; 11];
    for (i, byte) in out.iter_mut().enumerate().take(10) {
        let index = (bits >> (52 - (i + 1) * 5)) & 0x1f;
        *byte = ALPHABET[index as usize];
    }
    out
}

/// Moves a hash one cell east (`d > 0`) or west.
fn move_x(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let mut x = hash.bits & 0xaaaaaaaaaaaaaaaa;
    let y = hash.bits & 0x5555555555555555;
    let zz = 0x5555555555555555u64 >> (64 - u32::from(hash.step) * 2);
    if d > 0 {
        x = x.wrapping_add(zz + 1);
    } else {
        x |= zz;
        x = x.wrapping_sub(zz + 1);
    }
    x &= 0xaaaaaaaaaaaaaaaau64 >> (64 - u32::from(hash.step) * 2);
    hash.bits = x | y;
}

/// Moves a hash one cell north (`d > 0`) or south.
fn move_y(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let x = hash.bits & 0xaaaaaaaaaaaaaaaa;
    let mut y = hash.bits & 0x5555555555555555;
    let zz = 0xaaaaaaaaaaaaaaaau64 >> (64 - u32::from(hash.step) * 2);
    if d > 0 {
        y = y.wrapping_add(zz + 1);
    } else {
        y |= zz;
        y = y.wrapping_sub(zz + 1);
    }
    y &= 0x5555555555555555u64 >> (64 - u32::from(hash.step) * 2);
    hash.bits = x | y;
}

/// The shape of a search, centred at `center` (longitude, latitude);
/// sizes in the unit `conversion` converts to meters.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub center: (f64, f64),
    pub conversion: f64,
    pub kind: ShapeKind,
}

#[derive(Clone, Copy, Debug)]
pub enum ShapeKind {
    Radius(f64),
    Box { width: f64, height: f64 },
}

impl Shape {
    /// The distance from the centre to a point when the point is inside
    /// the shape.
    pub fn contains(&self, longitude: f64, latitude: f64) -> Option<f64> {
        let (x1, y1) = self.center;
        match self.kind {
            ShapeKind::Radius(radius) => {
                let distance = distance(x1, y1, longitude, latitude);
                (distance <= radius * self.conversion).then_some(distance)
            }
            ShapeKind::Box { width, height } => {
                let (width_m, height_m) = (width * self.conversion, height * self.conversion);
                if lat_distance(latitude, y1) > height_m / 2.0 {
                    return None;
                }
                if distance(longitude, latitude, x1, latitude) > width_m / 2.0 {
                    return None;
                }
                Some(distance(x1, y1, longitude, latitude))
            }
        }
    }

    /// (min longitude, min latitude, max longitude, max latitude) of the
    /// area to cover.
    fn bounding_box(&self) -> [f64; 4] {
        let (longitude, latitude) = self.center;
        let (height, width) = match self.kind {
            ShapeKind::Radius(r) => (r * self.conversion, r * self.conversion),
            ShapeKind::Box { width, height } => (
                self.conversion * (height / 2.0),
                self.conversion * (width / 2.0),
            ),
        };
        let lat_delta = rad_deg(height / EARTH_RADIUS_M);
        let long_delta_top = rad_deg(width / EARTH_RADIUS_M / deg_rad(latitude + lat_delta).cos());
        let long_delta_bottom =
            rad_deg(width / EARTH_RADIUS_M / deg_rad(latitude - lat_delta).cos());
        let delta = if latitude < 0.0 {
            long_delta_bottom
        } else {
            long_delta_top
        };
        [
            longitude - delta,
            latitude - lat_delta,
            longitude + delta,
            latitude + lat_delta,
        ]
    }

    /// The radius that covers the shape, in meters.
    fn radius_meters(&self) -> f64 {
        let r = match self.kind {
            ShapeKind::Radius(r) => r,
            ShapeKind::Box { width, height } => {
                ((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0)).sqrt()
            }
        };
        r * self.conversion
    }

    /// The cells to scan, in Redis's order: the centre's cell, then north,
    /// south, east, west, north-east, north-west, south-east, south-west;
    /// `None` for a neighbour the search area does not reach.
    pub fn cells(&self) -> [Option<HashBits>; 9] {
        let [min_lon, min_lat, max_lon, max_lat] = self.bounding_box();
        let (longitude, latitude) = self.center;
        let mut steps = estimate_steps(self.radius_meters(), latitude);
        let at = |steps: u8| {
            let hash =
                encode(LONG_RANGE, LAT_RANGE, longitude, latitude, steps).unwrap_or(HashBits {
                    bits: 0,
                    step: steps,
                });
            (hash, neighbors(hash))
        };
        let (mut hash, mut around) = at(steps);
        let area_of = |h: HashBits| decode(LONG_RANGE, LAT_RANGE, h);
        let [north, south, east, west, ..] = around;
        let decrease = area_of(north).latitude.max < max_lat
            || area_of(south).latitude.min > min_lat
            || area_of(east).longitude.max < max_lon
            || area_of(west).longitude.min > min_lon;
        if steps > 1 && decrease {
            steps -= 1;
            (hash, around) = at(steps);
        }
        let area = area_of(hash);
        let mut cells = [
            Some(hash),
            Some(around[0]),
            Some(around[1]),
            Some(around[2]),
            Some(around[3]),
            Some(around[4]),
            Some(around[5]),
            Some(around[6]),
            Some(around[7]),
        ];
        if steps >= 2 {
            // Indexes: 1 N, 2 S, 3 E, 4 W, 5 NE, 6 NW, 7 SE, 8 SW.
            let mut drop = |which: [usize; 3]| {
                for i in which {
                    cells[i] = None;
                }
            };
            if area.latitude.min < min_lat {
                drop([2, 8, 7]);
            }
            if area.latitude.max > max_lat {
                drop([1, 5, 6]);
            }
            if area.longitude.min < min_lon {
                drop([4, 8, 6]);
            }
            if area.longitude.max > max_lon {
                drop([3, 7, 5]);
            }
        }
        cells
    }
}

/// The eight neighbours: north, south, east, west, north-east,
/// north-west, south-east, south-west.
fn neighbors(hash: HashBits) -> [HashBits; 8] {
    let moved = |dx: i8, dy: i8| {
        let mut h = hash;
        move_x(&mut h, dx);
        move_y(&mut h, dy);
        h
    };
    [
        moved(0, 1),
        moved(0, -1),
        moved(1, 0),
        moved(-1, 0),
        moved(1, 1),
        moved(-1, 1),
        moved(1, -1),
        moved(-1, -1),
    ]
}

/// The resolution whose cells (with their neighbours) cover a radius.
fn estimate_steps(range_meters: f64, latitude: f64) -> u8 {
    if range_meters == 0.0 {
        return 26;
    }
    let mut range = range_meters;
    let mut step: i32 = 1;
    // Bounded: a positive radius doubles past the limit within ~1100
    // rounds (a NaN never enters).
    while range < MERCATOR_MAX {
        range *= 2.0;
        step += 1;
    }
    step -= 2;
    if !(-66.0..=66.0).contains(&latitude) {
        step -= 1;
        if !(-80.0..=80.0).contains(&latitude) {
            step -= 1;
        }
    }
    step.clamp(1, 26) as u8
}

/// The distance along a meridian between two latitudes, in meters.
pub fn lat_distance(lat1: f64, lat2: f64) -> f64 {
    EARTH_RADIUS_M * (deg_rad(lat2) - deg_rad(lat1)).abs()
}

/// The great-circle distance between two points, in meters (haversine).
pub fn distance(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let lon1r = deg_rad(lon1);
    let lon2r = deg_rad(lon2);
    let v = ((lon2r - lon1r) / 2.0).sin();
    if v == 0.0 {
        return lat_distance(lat1, lat2);
    }
    let lat1r = deg_rad(lat1);
    let lat2r = deg_rad(lat2);
    let u = ((lat2r - lat1r) / 2.0).sin();
    let a = u * u + lat1r.cos() * lat2r.cos() * v * v;
    2.0 * EARTH_RADIUS_M * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleave_round_trips() {
        for (x, y) in [
            (0u32, 0u32),
            (1, 0),
            (0, 1),
            (0x3ffffff, 0x1234567),
            (12345, 67890),
        ] {
            let d = deinterleave(interleave(x, y));
            assert_eq!((d as u32, (d >> 32) as u32), (x, y));
        }
    }

    /// Values redis-server 7.0.15 answers: `GEOADD k 13.361389 38.115556
    /// Palermo` stores 3479099956230698, `GEOHASH` gives sqc8b49rny0.
    #[test]
    fn scores_and_hashes_as_redis() {
        assert_eq!(score_of(13.361389, 38.115556), Some(3479099956230698));
        assert_eq!(&geohash_string(3479099956230698.0), b"sqc8b49rny0");
        let (lon, lat) = decode_score(3479099956230698.0);
        assert_eq!(format!("{lon:.17}"), "13.36138933897018433");
        assert_eq!(format!("{lat:.17}"), "38.11555639549629859");
    }

    #[test]
    fn out_of_limits_does_not_encode() {
        assert_eq!(score_of(180.1, 0.0), None);
        assert_eq!(score_of(0.0, 85.06), None);
    }
}
