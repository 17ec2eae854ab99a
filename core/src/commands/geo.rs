//! The GEO commands of redis-server 7.0.15: points kept in a sorted set
//! whose scores are 52-bit geohashes (the arithmetic is in
//! `crate::types::geo`), added with GEOADD, read back with GEOPOS,
//! GEOHASH and GEODIST, and searched with GEOSEARCH, GEOSEARCHSTORE and the
//! older GEORADIUS family.
//!
//! Replies follow Redis's shapes: distances are bulk strings with four
//! decimals (in RESP3 too), coordinates Redis's human long-double form
//! (`%.17Lf` without trailing zeros; a bulk string in RESP2, a double in
//! RESP3), hashes integers. Searches scan the grid cells around the centre
//! in Redis's order, keep the points inside the shape, and sort them by
//! distance only when asked (or when COUNT is given without ANY), so the
//! unsorted order is Redis's too.

use std::cmp::Ordering;

use super::args::{integer, token, Args};
use super::errors::{self, CommandError};
use super::partial_sort::pqsort;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::zsets_shared::{parse_score, read_zset, store_result, write_zset};
use super::Ctx;
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::geo::{self, Shape, ShapeKind};
use crate::types::ZSet;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("geoadd", -5, WRITE | DENYOOM, geoadd)
        .keys(1, 1, 1)
        .acl(&["@write", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Add one or more geospatial items in the geospatial index represented using a sorted set", "3.2.0", "geo", "O(log(N)) for each item added, where N is the number of elements in the sorted set.")
        .history(&[("6.2.0", "Added the `CH`, `NX` and `XX` options.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("condition", "oneof").since("6.2.0").optional().args(&[
                    arg("nx", "pure-token").token("NX"),
                    arg("xx", "pure-token").token("XX"),
                ]),
            arg("change", "pure-token").token("CH").since("6.2.0").optional(),
            arg("longitude_latitude_member", "block").multiple().args(&[
                    arg("longitude", "double"),
                    arg("latitude", "double"),
                    arg("member", "string"),
                ]),
        ]),
    Command::new("geodist", -4, READONLY, geodist)
        .keys(1, 1, 1)
        .acl(&["@read", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Returns the distance between two members of a geospatial index", "3.2.0", "geo", "O(log(N))")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member1", "string"),
            arg("member2", "string"),
            arg("unit", "oneof").optional().args(&[
                    arg("m", "pure-token").token("M"),
                    arg("km", "pure-token").token("KM"),
                    arg("ft", "pure-token").token("FT"),
                    arg("mi", "pure-token").token("MI"),
                ]),
        ]),
    Command::new("geohash", -2, READONLY, geohash)
        .keys(1, 1, 1)
        .acl(&["@read", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Returns members of a geospatial index as standard geohash strings", "3.2.0", "geo", "O(log(N)) for each member requested, where N is the number of elements in the sorted set.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("geopos", -2, READONLY, geopos)
        .keys(1, 1, 1)
        .acl(&["@read", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Returns longitude and latitude of members of a geospatial index", "3.2.0", "geo", "O(N) where N is the number of members requested.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("geosearch", -7, READONLY, geosearch)
        .keys(1, 1, 1)
        .acl(&["@read", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", "6.2.0", "geo", "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape")
        .history(&[("7.0.0", "Added support for uppercase unit names.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("from", "oneof").args(&[
                    arg("member", "string").token("FROMMEMBER"),
                    arg("longitude_latitude", "block").token("FROMLONLAT").args(&[
                            arg("longitude", "double"),
                            arg("latitude", "double"),
                        ]),
                ]),
            arg("by", "oneof").args(&[
                    arg("circle", "block").args(&[
                            arg("radius", "double").token("BYRADIUS"),
                            arg("unit", "oneof").args(&[
                                    arg("m", "pure-token").token("M"),
                                    arg("km", "pure-token").token("KM"),
                                    arg("ft", "pure-token").token("FT"),
                                    arg("mi", "pure-token").token("MI"),
                                ]),
                        ]),
                    arg("box", "block").args(&[
                            arg("width", "double").token("BYBOX"),
                            arg("height", "double"),
                            arg("unit", "oneof").args(&[
                                    arg("m", "pure-token").token("M"),
                                    arg("km", "pure-token").token("KM"),
                                    arg("ft", "pure-token").token("FT"),
                                    arg("mi", "pure-token").token("MI"),
                                ]),
                        ]),
                ]),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
            arg("count", "block").optional().args(&[
                    arg("count", "integer").token("COUNT"),
                    arg("any", "pure-token").token("ANY").optional(),
                ]),
            arg("withcoord", "pure-token").token("WITHCOORD").optional(),
            arg("withdist", "pure-token").token("WITHDIST").optional(),
            arg("withhash", "pure-token").token("WITHHASH").optional(),
        ]),
    Command::new("geosearchstore", -8, WRITE | DENYOOM, geosearchstore)
        .keys(1, 2, 1)
        .acl(&["@write", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::new(&["RO", "access"], 2, (0, 1, 0))])
        .doc("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", "6.2.0", "geo", "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape")
        .history(&[("7.0.0", "Added support for uppercase unit names.")])
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("source", "key").key_spec(1),
            arg("from", "oneof").args(&[
                    arg("member", "string").token("FROMMEMBER"),
                    arg("longitude_latitude", "block").token("FROMLONLAT").args(&[
                            arg("longitude", "double"),
                            arg("latitude", "double"),
                        ]),
                ]),
            arg("by", "oneof").args(&[
                    arg("circle", "block").args(&[
                            arg("radius", "double").token("BYRADIUS"),
                            arg("unit", "oneof").args(&[
                                    arg("m", "pure-token").token("M"),
                                    arg("km", "pure-token").token("KM"),
                                    arg("ft", "pure-token").token("FT"),
                                    arg("mi", "pure-token").token("MI"),
                                ]),
                        ]),
                    arg("box", "block").args(&[
                            arg("width", "double").token("BYBOX"),
                            arg("height", "double"),
                            arg("unit", "oneof").args(&[
                                    arg("m", "pure-token").token("M"),
                                    arg("km", "pure-token").token("KM"),
                                    arg("ft", "pure-token").token("FT"),
                                    arg("mi", "pure-token").token("MI"),
                                ]),
                        ]),
                ]),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
            arg("count", "block").optional().args(&[
                    arg("count", "integer").token("COUNT"),
                    arg("any", "pure-token").token("ANY").optional(),
                ]),
            arg("storedist", "pure-token").token("STOREDIST").optional(),
        ]),
    Command::new("georadius", -6, WRITE | DENYOOM | MOVABLEKEYS, georadius)
        .keys(1, 1, 1)
        .acl(&["@write", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0)), KeySpec::keyword(&["OW", "update"], "STORE", 6, (0, 1, 0)), KeySpec::keyword(&["OW", "update"], "STOREDIST", 6, (0, 1, 0))])
        .doc("Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", "3.2.0", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument")
        .history(&[("6.2.0", "Added the `ANY` option for `COUNT`."), ("7.0.0", "Added support for uppercase unit names.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("longitude", "double"),
            arg("latitude", "double"),
            arg("radius", "double"),
            arg("unit", "oneof").args(&[
                    arg("m", "pure-token").token("M"),
                    arg("km", "pure-token").token("KM"),
                    arg("ft", "pure-token").token("FT"),
                    arg("mi", "pure-token").token("MI"),
                ]),
            arg("withcoord", "pure-token").token("WITHCOORD").optional(),
            arg("withdist", "pure-token").token("WITHDIST").optional(),
            arg("withhash", "pure-token").token("WITHHASH").optional(),
            arg("count", "block").optional().args(&[
                    arg("count", "integer").token("COUNT"),
                    arg("any", "pure-token").token("ANY").since("6.2.0").optional(),
                ]),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
            arg("key", "key").key_spec(1).token("STORE").optional(),
            arg("key", "key").key_spec(2).token("STOREDIST").optional(),
        ]),
    Command::new("georadius_ro", -6, READONLY, georadius_ro)
        .keys(1, 1, 1)
        .acl(&["@read", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("A read-only variant for GEORADIUS", "3.2.10", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`GEOSEARCH` with the `BYRADIUS` argument")
        .history(&[("6.2.0", "Added the `ANY` option for `COUNT`.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("longitude", "double"),
            arg("latitude", "double"),
            arg("radius", "double"),
            arg("unit", "oneof").args(&[
                    arg("m", "pure-token").token("M"),
                    arg("km", "pure-token").token("KM"),
                    arg("ft", "pure-token").token("FT"),
                    arg("mi", "pure-token").token("MI"),
                ]),
            arg("withcoord", "pure-token").token("WITHCOORD").optional(),
            arg("withdist", "pure-token").token("WITHDIST").optional(),
            arg("withhash", "pure-token").token("WITHHASH").optional(),
            arg("count", "block").optional().args(&[
                    arg("count", "integer").token("COUNT"),
                    arg("any", "pure-token").token("ANY").since("6.2.0").optional(),
                ]),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
        ]),
    Command::new("georadiusbymember", -5, WRITE | DENYOOM | MOVABLEKEYS, georadiusbymember)
        .keys(1, 1, 1)
        .acl(&["@write", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0)), KeySpec::keyword(&["OW", "update"], "STORE", 5, (0, 1, 0)), KeySpec::keyword(&["OW", "update"], "STOREDIST", 5, (0, 1, 0))])
        .doc("Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", "3.2.0", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments")
        .history(&[("7.0.0", "Added support for uppercase unit names.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string"),
            arg("radius", "double"),
            arg("unit", "oneof").args(&[
                    arg("m", "pure-token").token("M"),
                    arg("km", "pure-token").token("KM"),
                    arg("ft", "pure-token").token("FT"),
                    arg("mi", "pure-token").token("MI"),
                ]),
            arg("withcoord", "pure-token").token("WITHCOORD").optional(),
            arg("withdist", "pure-token").token("WITHDIST").optional(),
            arg("withhash", "pure-token").token("WITHHASH").optional(),
            arg("count", "block").optional().args(&[
                    arg("count", "integer").token("COUNT"),
                    arg("any", "pure-token").token("ANY").optional(),
                ]),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
            arg("key", "key").key_spec(1).token("STORE").optional(),
            arg("key", "key").key_spec(2).token("STOREDIST").optional(),
        ]),
    Command::new("georadiusbymember_ro", -5, READONLY, georadiusbymember_ro)
        .keys(1, 1, 1)
        .acl(&["@read", "@geo", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("A read-only variant for GEORADIUSBYMEMBER", "3.2.10", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string"),
            arg("radius", "double"),
            arg("unit", "oneof").args(&[
                    arg("m", "pure-token").token("M"),
                    arg("km", "pure-token").token("KM"),
                    arg("ft", "pure-token").token("FT"),
                    arg("mi", "pure-token").token("MI"),
                ]),
            arg("withcoord", "pure-token").token("WITHCOORD").optional(),
            arg("withdist", "pure-token").token("WITHDIST").optional(),
            arg("withhash", "pure-token").token("WITHHASH").optional(),
            arg("count", "block").optional().args(&[
                    arg("count", "integer").token("COUNT"),
                    arg("any", "pure-token").token("ANY").optional(),
                ]),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
        ]),
];

/// A longitude and latitude argument pair, each a float as
/// `getDoubleFromObject` reads it, within Redis's limits.
fn parse_lon_lat(lon: &[u8], lat: &[u8]) -> Result<(f64, f64), CommandError> {
    let longitude = parse_score(lon)?;
    let latitude = parse_score(lat)?;
    if !(geo::LONG_MIN..=geo::LONG_MAX).contains(&longitude)
        || !(geo::LAT_MIN..=geo::LAT_MAX).contains(&latitude)
    {
        return Err(errors::geo_invalid_pair(longitude, latitude));
    }
    Ok((longitude, latitude))
}

/// A unit's size in meters (M, KM, FT, MI in any case).
fn parse_unit(arg: &[u8]) -> Result<f64, CommandError> {
    match token(arg, &["m", "km", "ft", "mi"]) {
        Some(0) => Ok(1.0),
        Some(1) => Ok(1000.0),
        Some(2) => Ok(0.3048),
        Some(3) => Ok(1609.34),
        _ => Err(errors::GEO_UNIT),
    }
}

/// A float argument with Redis's custom message when it is not one.
fn parse_size(arg: &[u8], not_float: CommandError) -> Result<f64, CommandError> {
    parse_score(arg).map_err(|_| not_float)
}

/// `radius unit`: the radius and the unit's size in meters.
fn parse_distance(radius: &[u8], unit: &[u8]) -> Result<(f64, f64), CommandError> {
    let radius = parse_size(radius, errors::GEO_NUMERIC_RADIUS)?;
    if radius < 0.0 {
        return Err(errors::GEO_NEGATIVE_RADIUS);
    }
    Ok((radius, parse_unit(unit)?))
}

/// `width height unit`.
fn parse_box(width: &[u8], height: &[u8], unit: &[u8]) -> Result<(f64, f64, f64), CommandError> {
    let width = parse_size(width, errors::GEO_NUMERIC_WIDTH)?;
    let height = parse_size(height, errors::GEO_NUMERIC_HEIGHT)?;
    if height < 0.0 || width < 0.0 {
        return Err(errors::GEO_NEGATIVE_BOX);
    }
    Ok((width, height, parse_unit(unit)?))
}

/// Writes a distance as Redis does: four decimals (the value scaled and
/// rounded half to even, as `llrint` does), a bulk string in both
/// protocols.
fn write_distance(w: &mut ReplyWriter, distance: f64) {
    w.bulk(format_distance(distance).as_bytes());
}

fn format_distance(distance: f64) -> String {
    if distance == 0.0 {
        return "0.0000".to_string();
    }
    let scaled = (distance * 10000.0).round_ties_even();
    // llrint saturates nowhere a distance on Earth reaches.
    let scaled = scaled as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    format!("{sign}{}.{:04}", magnitude / 10000, magnitude % 10000)
}

/// Writes a coordinate in Redis's human long-double form: `%.17Lf` with
/// trailing zeros (and a trailing dot) removed, `-0` as `0`.
fn write_coordinate(w: &mut ReplyWriter, value: f64) {
    let mut text = format!("{value:.17}");
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(trimmed);
    }
    if text == "-0" {
        text = "0".to_string();
    }
    w.double_text(&text);
}

/// GEOADD key [NX|XX] [CH] longitude latitude member [...]
fn geoadd(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let (mut nx, mut xx, mut ch) = (false, false, false);
    while let Some(which) = args.next_token(&["nx", "xx", "ch"]) {
        match which {
            0 => nx = true,
            1 => xx = true,
            _ => ch = true,
        }
    }
    let triples = args.rest();
    if !triples.len().is_multiple_of(3) || (nx && xx) {
        return Err(errors::SYNTAX);
    }
    let mut points = Vec::with_capacity(triples.len() / 3);
    for triple in triples.chunks_exact(3) {
        let (longitude, latitude) = parse_lon_lat(triple[0], triple[1])?;
        let score = geo::score_of(longitude, latitude).unwrap_or(0);
        points.push((score as f64, triple[2]));
    }
    let outcome = write_zset(ctx, key, !xx, |z, limits| {
        let (mut added, mut updated) = (0i64, 0i64);
        for &(score, member) in &points {
            match z.score(member) {
                Some(current) if !nx && current != score => {
                    z.insert(member, score, limits);
                    updated += 1;
                }
                Some(_) => {}
                None if !xx => {
                    z.insert(member, score, limits);
                    added += 1;
                }
                None => {}
            }
        }
        (added, updated)
    })?;
    let (added, updated) = outcome.map_or((0, 0), |(result, _)| result);
    if added + updated > 0 {
        ctx.notify(notify::ZSET, "zadd", key);
    }
    // As ZADD: one change per member added or updated.
    ctx.changes((added + updated) as u64);
    ctx.reply()
        .integer(if ch { added + updated } else { added });
    Ok(())
}

/// GEODIST key member1 member2 [unit]
fn geodist(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let first = args.next_arg()?;
    let second = args.next_arg()?;
    let to_meters = match args.remaining() {
        0 => 1.0,
        1 => parse_unit(args.next_arg()?)?,
        _ => return Err(errors::SYNTAX),
    };
    let db = ctx.client.db;
    let Some(z) = read_zset(ctx.store, db, key)? else {
        ctx.reply().null_bulk();
        return Ok(());
    };
    match (z.score(first), z.score(second)) {
        (Some(a), Some(b)) => {
            let (lon1, lat1) = geo::decode_score(a);
            let (lon2, lat2) = geo::decode_score(b);
            let meters = geo::distance(lon1, lat1, lon2, lat2);
            write_distance(&mut ctx.reply(), meters / to_meters);
        }
        _ => ctx.reply().null_bulk(),
    }
    Ok(())
}

/// GEOHASH key [member ...]
fn geohash(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    let db = ctx.client.db;
    let z = read_zset(ctx.store, db, key)?;
    let hashes: Vec<Option<[u8; 11]>> = members
        .iter()
        .map(|m| z.and_then(|z| z.score(m)).map(geo::geohash_string))
        .collect();
    let mut w = ctx.reply();
    w.array(hashes.len());
    for hash in hashes {
        match hash {
            Some(text) => w.bulk(&text),
            None => w.null_bulk(),
        }
    }
    Ok(())
}

/// GEOPOS key [member ...]
fn geopos(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    let db = ctx.client.db;
    let z = read_zset(ctx.store, db, key)?;
    let points: Vec<Option<(f64, f64)>> = members
        .iter()
        .map(|m| z.and_then(|z| z.score(m)).map(geo::decode_score))
        .collect();
    let mut w = ctx.reply();
    w.array(points.len());
    for point in points {
        match point {
            Some((longitude, latitude)) => {
                w.array(2);
                write_coordinate(&mut w, longitude);
                write_coordinate(&mut w, latitude);
            }
            None => w.null_array(),
        }
    }
    Ok(())
}

/// Which command of the search family runs, as Redis's flags say.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// GEORADIUS (`store`: STORE/STOREDIST accepted).
    Radius {
        store: bool,
    },
    /// GEORADIUSBYMEMBER.
    ByMember {
        store: bool,
    },
    Search,
    SearchStore,
}

impl Variant {
    fn is_search(self) -> bool {
        matches!(self, Variant::Search | Variant::SearchStore)
    }

    fn accepts_store(self) -> bool {
        matches!(
            self,
            Variant::Radius { store: true } | Variant::ByMember { store: true }
        )
    }
}

/// One point found.
struct Found {
    member: Vec<u8>,
    score: f64,
    longitude: f64,
    latitude: f64,
    distance: f64,
}

fn georadius(ctx: &mut Ctx, args: &mut Args) -> Reply {
    search(ctx, args, Variant::Radius { store: true })
}

fn georadius_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    search(ctx, args, Variant::Radius { store: false })
}

fn georadiusbymember(ctx: &mut Ctx, args: &mut Args) -> Reply {
    search(ctx, args, Variant::ByMember { store: true })
}

fn georadiusbymember_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    search(ctx, args, Variant::ByMember { store: false })
}

fn geosearch(ctx: &mut Ctx, args: &mut Args) -> Reply {
    search(ctx, args, Variant::Search)
}

fn geosearchstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    search(ctx, args, Variant::SearchStore)
}

/// The options of a search, once parsed.
#[derive(Default)]
struct Options {
    withdist: bool,
    withhash: bool,
    withcoord: bool,
    /// `Some(true)` ascending, `Some(false)` descending.
    ascending: Option<bool>,
    any: bool,
    /// 0: no limit.
    count: i64,
    storedist: bool,
}

/// The whole family (Redis's `georadiusGeneric`), checking in Redis's
/// order: the key's type, the fixed arguments, the options left to right
/// (a member lookup or a number fails where it stands), then the
/// combinations.
fn search(ctx: &mut Ctx, args: &mut Args, variant: Variant) -> Reply {
    let all = args.rest();
    let command = args.command_words().first().copied().unwrap_or(b"");
    let (src_index, mut store) = match variant {
        Variant::SearchStore => (1, all.first().map(|k| k.to_vec())),
        _ => (0, None),
    };
    let src = *all.get(src_index).ok_or(errors::SYNTAX)?;
    let db = ctx.client.db;
    let z = read_zset(ctx.store, db, src)?;
    let mut center: Option<(f64, f64)> = None;
    let mut kind: Option<(ShapeKind, f64)> = None;
    let base = match variant {
        Variant::Radius { .. } => {
            center = Some(parse_lon_lat(arg_at(all, 1)?, arg_at(all, 2)?)?);
            let (radius, conversion) = parse_distance(arg_at(all, 3)?, arg_at(all, 4)?)?;
            kind = Some((ShapeKind::Radius(radius), conversion));
            5
        }
        Variant::ByMember { .. } => {
            if let Some(z) = z {
                center = Some(member_position(z, arg_at(all, 1)?)?);
                let (radius, conversion) = parse_distance(arg_at(all, 2)?, arg_at(all, 3)?)?;
                kind = Some((ShapeKind::Radius(radius), conversion));
            }
            4
        }
        Variant::Search => 1,
        Variant::SearchStore => 2,
    };
    let mut options = Options::default();
    let (mut frommember, mut fromloc, mut byradius, mut bybox) = (false, false, false, false);
    let rest = all.get(base..).unwrap_or(&[]);
    let mut i = 0;
    while i < rest.len() {
        let left = rest.len() - i - 1;
        let word = rest[i];
        let which = token(
            word,
            &[
                "withdist",
                "withhash",
                "withcoord",
                "any",
                "asc",
                "desc",
                "count",
                "store",
                "storedist",
                "frommember",
                "fromlonlat",
                "byradius",
                "bybox",
            ],
        );
        match which {
            Some(0) => options.withdist = true,
            Some(1) => options.withhash = true,
            Some(2) => options.withcoord = true,
            Some(3) => options.any = true,
            Some(4) => options.ascending = Some(true),
            Some(5) => options.ascending = Some(false),
            Some(6) if left >= 1 => {
                options.count = integer(rest[i + 1])?;
                if options.count <= 0 {
                    return Err(errors::GEO_COUNT);
                }
                i += 1;
            }
            Some(7) if left >= 1 && variant.accepts_store() => {
                store = Some(rest[i + 1].to_vec());
                options.storedist = false;
                i += 1;
            }
            Some(8) if left >= 1 && variant.accepts_store() => {
                store = Some(rest[i + 1].to_vec());
                options.storedist = true;
                i += 1;
            }
            Some(8) if variant == Variant::SearchStore => options.storedist = true,
            Some(9) if left >= 1 && variant.is_search() && !fromloc => {
                if let Some(z) = z {
                    center = Some(member_position(z, rest[i + 1])?);
                }
                frommember = true;
                i += 1;
            }
            Some(10) if left >= 2 && variant.is_search() && !frommember => {
                center = Some(parse_lon_lat(rest[i + 1], rest[i + 2])?);
                fromloc = true;
                i += 2;
            }
            Some(11) if left >= 2 && variant.is_search() && !bybox => {
                let (radius, conversion) = parse_distance(rest[i + 1], rest[i + 2])?;
                kind = Some((ShapeKind::Radius(radius), conversion));
                byradius = true;
                i += 2;
            }
            Some(12) if left >= 3 && variant.is_search() && !byradius => {
                let (width, height, conversion) = parse_box(rest[i + 1], rest[i + 2], rest[i + 3])?;
                kind = Some((ShapeKind::Box { width, height }, conversion));
                bybox = true;
                i += 3;
            }
            _ => return Err(errors::SYNTAX),
        }
        i += 1;
    }
    if store.is_some() && (options.withdist || options.withhash || options.withcoord) {
        return Err(if variant == Variant::SearchStore {
            errors::GEOSEARCHSTORE_WITH
        } else {
            errors::GEORADIUS_STORE_WITH
        });
    }
    if variant.is_search() && !(frommember || fromloc) {
        return Err(errors::geo_exactly_one_from(command));
    }
    if variant.is_search() && !(byradius || bybox) {
        return Err(errors::geo_exactly_one_by(command));
    }
    if options.any && options.count == 0 {
        return Err(errors::GEO_ANY_COUNT);
    }
    let found = match (z, center, kind) {
        (Some(z), Some(center), Some((kind, conversion))) => {
            let shape = Shape {
                center,
                conversion,
                kind,
            };
            let limit = if options.any {
                options.count as usize
            } else {
                0
            };
            Some((find(z, &shape, limit), conversion))
        }
        _ => None,
    };
    let Some((mut found, conversion)) = found else {
        // No source key.
        if let Some(dst) = store {
            store_result(ctx, &dst, &[], "");
            ctx.reply().integer(0);
        } else {
            ctx.reply().array(0);
        }
        return Ok(());
    };
    if options.count != 0 && options.ascending.is_none() && !options.any {
        options.ascending = Some(true);
    }
    let returned = if options.count == 0 {
        found.len()
    } else {
        found.len().min(options.count as usize)
    };
    if let Some(ascending) = options.ascending {
        // Redis's comparator: by distance, descending its negation.
        let by_distance = |a: &Found, b: &Found| {
            let order = if a.distance > b.distance {
                Ordering::Greater
            } else if a.distance == b.distance {
                Ordering::Equal
            } else {
                Ordering::Less
            };
            if ascending {
                order
            } else {
                order.reverse()
            }
        };
        if returned == found.len() {
            // glibc's qsort, a merge sort here: stable.
            found.sort_by(by_distance);
        } else {
            // Redis's partial quicksort decides which of equally distant
            // points make the cut, and their order.
            pqsort(&mut found, 0, returned - 1, &by_distance);
        }
    }
    found.truncate(returned);
    for point in &mut found {
        point.distance /= conversion;
    }
    match store {
        None => write_found(&mut ctx.reply(), &found, &options),
        Some(dst) => {
            let items: Vec<(Vec<u8>, f64)> = found
                .into_iter()
                .map(|p| {
                    let score = if options.storedist {
                        p.distance
                    } else {
                        p.score
                    };
                    (p.member, score)
                })
                .collect();
            let event = if variant.is_search() {
                "geosearchstore"
            } else {
                "georadiusstore"
            };
            store_result(ctx, &dst, &items, event);
            if !items.is_empty() {
                // Redis counts one change per member stored.
                ctx.changes(items.len() as u64);
            }
            ctx.reply().integer(items.len() as i64);
        }
    }
    Ok(())
}

/// The argument at `index` of the call (after the name).
fn arg_at<'a>(all: &[&'a [u8]], index: usize) -> Result<&'a [u8], CommandError> {
    all.get(index).copied().ok_or(errors::SYNTAX)
}

/// The position of `member`, or Redis's error when it is not in the set.
fn member_position(z: &ZSet, member: &[u8]) -> Result<(f64, f64), CommandError> {
    z.score(member)
        .map(geo::decode_score)
        .ok_or(errors::GEO_MEMBER_NOT_FOUND)
}

/// The points of `z` inside `shape`, cell by cell in Redis's order,
/// stopping once `limit` are found (0: no limit).
fn find(z: &ZSet, shape: &Shape, limit: usize) -> Vec<Found> {
    let mut found = Vec::new();
    let cells = shape.cells();
    let mut last: Option<geo::HashBits> = None;
    for (i, cell) in cells.iter().enumerate() {
        let Some(cell) = *cell else { continue };
        // Wide searches give neighbours equal to the cell before; Redis
        // compares with the last cell scanned, unless that was the centre.
        if i > 0 && last == Some(cell) {
            continue;
        }
        if limit != 0 && found.len() >= limit {
            break;
        }
        let min = cell.align52() as f64;
        let max = geo::HashBits {
            bits: cell.bits + 1,
            step: cell.step,
        }
        .align52() as f64;
        let start = z.count_while(|_, s| s < min);
        let end = z.count_while(|_, s| s < max).max(start);
        for (member, score) in z.range(start, end) {
            let (longitude, latitude) = geo::decode_score(score);
            if let Some(distance) = shape.contains(longitude, latitude) {
                found.push(Found {
                    member: member.to_vec(),
                    score,
                    longitude,
                    latitude,
                    distance,
                });
            }
            if limit != 0 && found.len() >= limit {
                break;
            }
        }
        last = if i > 0 { Some(cell) } else { None };
    }
    found
}

/// The reply of a search without STORE.
fn write_found(w: &mut ReplyWriter, found: &[Found], options: &Options) {
    let extra = usize::from(options.withdist)
        + usize::from(options.withcoord)
        + usize::from(options.withhash);
    w.array(found.len());
    for point in found {
        if extra > 0 {
            w.array(extra + 1);
        }
        w.bulk(&point.member);
        if options.withdist {
            write_distance(w, point.distance);
        }
        if options.withhash {
            w.integer(point.score as i64);
        }
        if options.withcoord {
            w.array(2);
            write_coordinate(w, point.longitude);
            write_coordinate(w, point.latitude);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_have_four_decimals() {
        assert_eq!(format_distance(0.0), "0.0000");
        assert_eq!(format_distance(166274.1516), "166274.1516");
        assert_eq!(format_distance(0.00004), "0.0000");
        assert_eq!(format_distance(1.23456), "1.2346");
        assert_eq!(format_distance(0.5), "0.5000");
    }
}
