//! The libraries Redis bundles into its Lua scripting environment (cjson,
//! cmsgpack, bit, struct), exercised through EVAL. Expected bytes were
//! recorded from redis-server 7.0.15. Library settings (cjson's) persist in
//! the server's interpreter, so every script that changes one restores the
//! default before it returns.

use crate::case::Case;

pub fn cases() -> Vec<Case> {
    vec![
        // Tables with keys 1..n are arrays, others objects (number keys as strings); an empty table is an object.
        Case::new("lua libs: cjson.encode arrays and objects")
            .cmd(&["EVAL", "return cjson.encode({1,2,3})", "0"], b"$7\r\n[1,2,3]\r\n")
            .cmd(&["EVAL", "return cjson.encode({a=1})", "0"], b"$7\r\n{\"a\":1}\r\n")
            .cmd(&["EVAL", "return cjson.encode({})", "0"], b"$2\r\n{}\r\n")
            .cmd(&["EVAL", "return cjson.encode({a={b={}}})", "0"], b"$14\r\n{\"a\":{\"b\":{}}}\r\n")
            .cmd(&["EVAL", "return cjson.encode({1,2,a=3})", "0"], b"$19\r\n{\"1\":1,\"2\":2,\"a\":3}\r\n")
            .cmd(&["EVAL", "return cjson.encode({[1.5]=1})", "0"], b"$9\r\n{\"1.5\":1}\r\n")
            .cmd(&["EVAL", "return cjson.encode({[-1]=1, [0]=2})", "0"], b"$14\r\n{\"-1\":1,\"0\":2}\r\n")
            .cmd(&["EVAL", "return cjson.encode({true, false, cjson.null})", "0"], b"$17\r\n[true,false,null]\r\n"),
        // Quote, backslash and slash escaped, control characters and DEL as \u00XX, other bytes as they are.
        Case::new("lua libs: cjson.encode strings")
            .cmd(&["EVAL", "return cjson.encode('a/b\"c\\\\d\\n\\r\\t\\b\\f\\1\\31\\127\\128')", "0"], b"$41\r\n\"a\\/b\\\"c\\\\d\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\x80\"\r\n")
            .cmd(&["EVAL", "return cjson.encode('')", "0"], b"$2\r\n\"\"\r\n")
            .cmd(&["EVAL", "return cjson.encode({['k/\"']='v'})", "0"], b"$13\r\n{\"k\\/\\\"\":\"v\"}\r\n"),
        // %.14g: integers without a point, -0, exponents.
        Case::new("lua libs: cjson.encode numbers")
            .cmd(&["EVAL", "return cjson.encode(0.1)", "0"], b"$3\r\n0.1\r\n")
            .cmd(&["EVAL", "return cjson.encode(1/3)", "0"], b"$16\r\n0.33333333333333\r\n")
            .cmd(&["EVAL", "return cjson.encode(1e100)", "0"], b"$6\r\n1e+100\r\n")
            .cmd(&["EVAL", "return cjson.encode(-0)", "0"], b"$2\r\n-0\r\n")
            .cmd(&["EVAL", "return cjson.encode(2^53)", "0"], b"$18\r\n9.007199254741e+15\r\n")
            .cmd(&["EVAL", "return cjson.encode(123456789012345678)", "0"], b"$19\r\n1.2345678901235e+17\r\n")
            .cmd(&["EVAL", "return cjson.encode(-1.5e-7)", "0"], b"$8\r\n-1.5e-07\r\n")
            .cmd(&["EVAL", "return cjson.encode({[2^53]=1, [2^53+2]=2})", "0"], b"$47\r\n{\"9.007199254741e+15\":1,\"9.007199254741e+15\":2}\r\n"),
        // Holes become null up to index 10, or while at least half the slots are used; past that an error. Keys past a C int make an object.
        Case::new("lua libs: cjson.encode sparse arrays")
            .cmd(&["EVAL", "return cjson.encode({[1]=1,[3]=3})", "0"], b"$10\r\n[1,null,3]\r\n")
            .cmd(&["EVAL", "return cjson.encode({[10]=1})", "0"], b"$48\r\n[null,null,null,null,null,null,null,null,null,1]\r\n")
            .cmd(&["EVAL", "return cjson.encode({[11]=1})", "0"], b"-ERR user_script:1: Cannot serialise table: excessively sparse array script: 2e08a70888b26974782620baf62c758392a37b7b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({[1]=1,[2]=2,[3]=3,[20]=1})", "0"], b"-ERR user_script:1: Cannot serialise table: excessively sparse array script: 267f3db6bb4ca9f0f234dc87383434eb59f5ef21, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({[2^31]=1})", "0"], b"$16\r\n{\"2147483648\":1}\r\n")
            .cmd(&["EVAL", "return cjson.encode({[2^31-1]=1})", "0"], b"-ERR user_script:1: Cannot serialise table: excessively sparse array script: 195bcc41ce386c53ca26b8ed7682b821e944a30d, on @user_script:1.\r\n"),
        // Functions, threads, NaN and infinities, and keys other than numbers and strings are errors.
        Case::new("lua libs: cjson.encode unsupported values")
            .cmd(&["EVAL", "return cjson.encode(function() end)", "0"], b"-ERR user_script:1: Cannot serialise function: type not supported script: c6600573aa08cdf0af5da6e0ef682db69a3acc00, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({a=function() end})", "0"], b"-ERR user_script:1: Cannot serialise function: type not supported script: 1d099fb626be3d992c9428aaeaff966983710ccc, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode(coroutine.create(function() end))", "0"], b"-ERR user_script:1: Cannot serialise thread: type not supported script: a6623ce6b732fc5d7a9f3cf8070e4ed88fffcddb, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode(1/0)", "0"], b"-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: 08ffdaa5e7f117332da21c3b5222c2ede9492c60, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({-1/0})", "0"], b"-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: 5a0b308a33e4cee6edda3e111522898a73e55f18, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode(0/0)", "0"], b"-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: d3f8d4e745d6587b04e9dd216e0d4631f0a306d9, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({[1/0]=1})", "0"], b"-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: d755e1d8b557c8f3573fc89852e5b5cdcc2f6583, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({[true]=1})", "0"], b"-ERR user_script:1: Cannot serialise boolean: table key must be a number or string script: 376a640005c8509c694166527ca834359bf69aa8, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode({[{}]=1})", "0"], b"-ERR user_script:1: Cannot serialise table: table key must be a number or string script: d2e2560c1eac16fa2ba971165f1a135f816add6f, on @user_script:1.\r\n"),
        // 1000 levels encode; the 1001st, or a table containing itself, is an error.
        Case::new("lua libs: cjson.encode nesting")
            .cmd(&["EVAL", "local t={} local c=t for i=1,999 do c[1]={} c=c[1] end return #cjson.encode(t)", "0"], b":2000\r\n")
            .cmd(&["EVAL", "local t={} local c=t for i=1,1000 do c[1]={} c=c[1] end return cjson.encode(t)", "0"], b"-ERR user_script:1: Cannot serialise, excessive nesting (1001) script: 52157829673b9c1c983ffa586890bf40aabf274e, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local t={} t[1]=t return cjson.encode(t)", "0"], b"-ERR user_script:1: Cannot serialise, excessive nesting (1001) script: a506053e74ab4b60484b77ae0b676d988172bc86, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local t={} t.a=t return cjson.encode(t)", "0"], b"-ERR user_script:1: Cannot serialise, excessive nesting (1001) script: 21791f83751a86e843bcaf284c8558bda59e3173, on @user_script:1.\r\n"),
        Case::new("lua libs: cjson.encode and decode take exactly one argument")
            .cmd(&["EVAL", "return cjson.encode()", "0"], b"-ERR user_script:1: bad argument #1 to 'encode' (expected 1 argument) script: fc593ea31f478c7ed65c77495cc63edeb9153530, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode(1,2)", "0"], b"-ERR user_script:1: bad argument #1 to 'encode' (expected 1 argument) script: 9796fc0f4acc8ba1f9133e705bfd4aa24561765a, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode()", "0"], b"-ERR user_script:1: bad argument #1 to 'decode' (expected 1 argument) script: 5378278d59343caf5c3375a655dfea5e69ab8a74, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('[1]', nil)", "0"], b"-ERR user_script:1: bad argument #1 to 'decode' (expected 1 argument) script: 6f424290f9bb6b413923e15340fd20ac85c5d732, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode({})", "0"], b"-ERR user_script:1: bad argument #1 to 'decode' (string expected, got table) script: 10c706d54b3ae7d2bcc169d647405abd961145fa, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode(12)", "0"], b":12\r\n")
            .cmd(&["EVAL", "return cjson.encode(nil)", "0"], b"$4\r\nnull\r\n"),
        // Settings persist in the interpreter, so each script restores the defaults it changed.
        Case::new("lua libs: cjson.encode_sparse_array")
            .cmd(&["EVAL", "return {cjson.encode_sparse_array()}", "0"], b"*3\r\n$-1\r\n:2\r\n:10\r\n")
            .cmd(&["EVAL", "local r = {cjson.encode_sparse_array(true, 3, 4)} cjson.encode_sparse_array(false, 2, 10) return r", "0"], b"*3\r\n:1\r\n:3\r\n:4\r\n")
            .cmd(&["EVAL", "cjson.encode_sparse_array(true) local r = cjson.encode({[11]=1}) cjson.encode_sparse_array(false) return r", "0"], b"$8\r\n{\"11\":1}\r\n")
            .cmd(&["EVAL", "cjson.encode_sparse_array(false, 0) local r = cjson.encode({[20]=1}) cjson.encode_sparse_array(false, 2) return r", "0"], b"$98\r\n[null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,1]\r\n")
            .cmd(&["EVAL", "cjson.encode_sparse_array(false, 2, 0) local ok, r = pcall(cjson.encode, {[3]=1}) cjson.encode_sparse_array(false, 2, 10) return r", "0"], b"$48\r\nCannot serialise table: excessively sparse array\r\n")
            .cmd(&["EVAL", "local ok, e = pcall(cjson.encode_sparse_array, true, -1) local r = {cjson.encode_sparse_array()} cjson.encode_sparse_array(false) return {e, r[1], r[2], r[3]}", "0"], b"*4\r\n$66\r\nbad argument #1 to '?' (expected integer between 0 and 2147483647)\r\n:1\r\n:2\r\n:10\r\n")
            .cmd(&["EVAL", "return cjson.encode_sparse_array(false, 2, -1)", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647) script: 0be9f7bcb25e38a2d41f7d7ae97ad96b3a962f68, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode_sparse_array(false, 'x')", "0"], b"-ERR user_script:1: bad argument #2 to 'encode_sparse_array' (number expected, got string) script: 18a76618bb20e7ac3035e93bb499a52feb7b7e55, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode_sparse_array(1)", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_sparse_array' (invalid option '1') script: 586eb49c6b2908158616ec0956119d82989ff063, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode_sparse_array({})", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_sparse_array' (string expected, got table) script: a2be61618db809d4f7d5c13bc4e89b8b6cb19423, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode_sparse_array(false, 1, 2, 3)", "0"], b"-ERR user_script:1: bad argument #4 to 'encode_sparse_array' (found too many arguments) script: f375d195b1b2a9cb6fec3b782ff7cf5dd44e7875, on @user_script:1.\r\n"),
        Case::new("lua libs: cjson max depth settings")
            .cmd(&["EVAL", "return {cjson.encode_max_depth(), cjson.decode_max_depth()}", "0"], b"*2\r\n:1000\r\n:1000\r\n")
            .cmd(&["EVAL", "cjson.encode_max_depth(2) local ok, e = pcall(cjson.encode, {{{}}}) cjson.encode_max_depth(1000) return e", "0"], b"$39\r\nCannot serialise, excessive nesting (3)\r\n")
            .cmd(&["EVAL", "cjson.decode_max_depth(2) local ok, e = pcall(cjson.decode, '[[[1]]]') cjson.decode_max_depth(1000) return e", "0"], b"$56\r\nFound too many nested data structures (3) at character 3\r\n")
            .cmd(&["EVAL", "local r = cjson.encode_max_depth('7') cjson.encode_max_depth(1000.9) return {r, cjson.encode_max_depth()}", "0"], b"*2\r\n:7\r\n:1000\r\n")
            .cmd(&["EVAL", "return cjson.encode_max_depth(0)", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647) script: f40da52b0819d675b8802812b1c4504462426d31, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode_max_depth(2147483648)", "0"], b"-ERR user_script:1: bad argument #1 to 'decode_max_depth' (expected integer between 1 and 2147483647) script: 1537e56f2abfea923b3359b77e0772596cb0bcd0, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode_max_depth('a')", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_max_depth' (number expected, got string) script: ea50211652384d93f02937c2f02ea0414c8690bb, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode_max_depth(1, 2)", "0"], b"-ERR user_script:1: bad argument #2 to 'decode_max_depth' (found too many arguments) script: 6f69630006497ad7b6cbe8290e936dbb51369149, on @user_script:1.\r\n"),
        Case::new("lua libs: cjson.encode_number_precision")
            .cmd(&["EVAL", "return cjson.encode_number_precision()", "0"], b":14\r\n")
            .cmd(&["EVAL", "local r = cjson.encode_number_precision(3) local s = cjson.encode({1/3, 1234.5, 2^20}) cjson.encode_number_precision(14) return {r, s}", "0"], b"*2\r\n:3\r\n$25\r\n[0.333,1.23e+03,1.05e+06]\r\n")
            .cmd(&["EVAL", "return cjson.encode_number_precision(15)", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14) script: bbd9450de606b026b51b67e7b961ff09397ea6dd, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.encode_number_precision(0)", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14) script: 208a2ca1783398233de006ab8a11e48151d6a3ec, on @user_script:1.\r\n"),
        // Booleans and on/off (and null) by name; they return the setting.
        Case::new("lua libs: cjson.encode_keep_buffer and encode_invalid_numbers")
            .cmd(&["EVAL", "return {cjson.encode_keep_buffer(), cjson.encode_keep_buffer(false), cjson.encode_keep_buffer('on')}", "0"], b"*3\r\n:1\r\n$-1\r\n:1\r\n")
            .cmd(&["EVAL", "return cjson.encode_keep_buffer('maybe')", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_keep_buffer' (invalid option 'maybe') script: 784ec2b3ecc8cefb20ef2d614a006d9defe12fa4, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local r = cjson.encode_invalid_numbers(true) local s = cjson.encode({1/0, -1/0, 0/0}) cjson.encode_invalid_numbers(false) return {r, s}", "0"], b"*2\r\n:1\r\n$14\r\n[inf,-inf,nan]\r\n")
            .cmd(&["EVAL", "local r = cjson.encode_invalid_numbers('null') local s = cjson.encode({1/0, -1/0, 0/0}) cjson.encode_invalid_numbers('off') return {r, s}", "0"], b"*2\r\n$4\r\nnull\r\n$16\r\n[null,null,null]\r\n")
            .cmd(&["EVAL", "return {cjson.encode_invalid_numbers()}", "0"], b"*1\r\n$-1\r\n")
            .cmd(&["EVAL", "return cjson.encode_invalid_numbers('x')", "0"], b"-ERR user_script:1: bad argument #1 to 'encode_invalid_numbers' (invalid option 'x') script: d0919eb606ab1137a838c04117daa31f83784e6f, on @user_script:1.\r\n"),
        // On by default: hex, a plus sign, inf and nan read as numbers; off, they are invalid tokens or numbers.
        Case::new("lua libs: cjson.decode_invalid_numbers")
            .cmd(&["EVAL", "return {cjson.decode_invalid_numbers()}", "0"], b"*1\r\n:1\r\n")
            .cmd(&["EVAL", "return {cjson.decode('0x10'), cjson.decode('+1'), tostring(cjson.decode('inf')), tostring(cjson.decode('-nan')), tostring(cjson.decode('Infinity'))}", "0"], b"*5\r\n:16\r\n:1\r\n$3\r\ninf\r\n$4\r\n-nan\r\n$3\r\ninf\r\n")
            .cmd(&["EVAL", "cjson.decode_invalid_numbers(false) local r = {} for _, s in ipairs({'+1', '0x10', '01', '-inf', 'nan', '1'}) do local ok, e = pcall(cjson.decode, s) r[#r+1] = tostring(e) end cjson.decode_invalid_numbers(true) return r", "0"], b"*6\r\n$53\r\nExpected value but found invalid token at character 1\r\n$54\r\nExpected value but found invalid number at character 1\r\n$54\r\nExpected value but found invalid number at character 1\r\n$54\r\nExpected value but found invalid number at character 1\r\n$53\r\nExpected value but found invalid token at character 1\r\n$1\r\n1\r\n")
            .cmd(&["EVAL", "return cjson.decode_invalid_numbers('null')", "0"], b"-ERR user_script:1: bad argument #1 to 'decode_invalid_numbers' (invalid option 'null') script: bb0df997802ffafddfa733f632b2c3c7db0c218a, on @user_script:1.\r\n"),
        // cjson.null is a NULL light userdata; decode_array_with_array_mt does not exist in 7.0; new() makes an independent copy.
        Case::new("lua libs: cjson module values")
            .cmd(&["EVAL", "return {type(cjson.null), tostring(cjson.null), cjson._NAME, cjson._VERSION, type(cjson.decode_array_with_array_mt)}", "0"], b"*5\r\n$8\r\nuserdata\r\n$15\r\nuserdata: (nil)\r\n$5\r\ncjson\r\n$5\r\n2.1.0\r\n$3\r\nnil\r\n")
            .cmd(&["EVAL", "local c = cjson.new() return {type(c), c.encode({1}), tostring(c.null == cjson.null), c._NAME, c.encode_max_depth(3), cjson.encode_max_depth(), type(c.new)}", "0"], b"*7\r\n$5\r\ntable\r\n$3\r\n[1]\r\n$4\r\ntrue\r\n$5\r\ncjson\r\n:3\r\n:1000\r\n$8\r\nfunction\r\n")
            .cmd(&["EVAL", "local t = {} for k in pairs(cjson) do t[#t+1] = k end table.sort(t) return t", "0"], b"*13\r\n$5\r\n_NAME\r\n$8\r\n_VERSION\r\n$6\r\ndecode\r\n$22\r\ndecode_invalid_numbers\r\n$16\r\ndecode_max_depth\r\n$6\r\nencode\r\n$22\r\nencode_invalid_numbers\r\n$18\r\nencode_keep_buffer\r\n$16\r\nencode_max_depth\r\n$23\r\nencode_number_precision\r\n$19\r\nencode_sparse_array\r\n$3\r\nnew\r\n$4\r\nnull\r\n"),
        // Arrays and objects become tables; null the light userdata (nil in a reply); numbers as Lua numbers.
        Case::new("lua libs: cjson.decode values")
            .cmd(&["EVAL", "return cjson.decode('[1,2,3]')", "0"], b"*3\r\n:1\r\n:2\r\n:3\r\n")
            .cmd(&["EVAL", "return cjson.decode('{\"a\":1}').a", "0"], b":1\r\n")
            .cmd(&["EVAL", "return cjson.encode(cjson.decode('{\"b\":[1,{\"c\":null}],\"a\":true}'))", "0"], b"$29\r\n{\"a\":true,\"b\":[1,{\"c\":null}]}\r\n")
            .cmd(&["EVAL", "return cjson.decode('[true,false,null,\"x\",1.5]')", "0"], b"*5\r\n:1\r\n$-1\r\n$-1\r\n$1\r\nx\r\n:1\r\n")
            .cmd(&["EVAL", "return tostring(cjson.decode('null') == cjson.null)", "0"], b"$4\r\ntrue\r\n")
            .cmd(&["EVAL", "return cjson.encode(cjson.decode('[]'))", "0"], b"$2\r\n{}\r\n")
            .cmd(&["EVAL", "return cjson.decode('{\"a\":1,\"a\":2}').a", "0"], b":2\r\n")
            .cmd(&["EVAL", "return cjson.decode('  \\t\\r\\n 5  ')", "0"], b":5\r\n"),
        // Escapes, \u escapes and surrogate pairs as UTF-8; raw control bytes accepted.
        Case::new("lua libs: cjson.decode strings")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\\\\/\\\\n\\\\\\\\\\\\\"\"')", "0"], b"$10\r\n\xc3\xa9\xf0\x9f\x98\x80/\n\\\"\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\uDBFF\\\\uDFFF\"')", "0"], b"$4\r\n\xf4\x8f\xbf\xbf\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\u0800\\\\u07ff\\\\u007f\\\\u0000\"')", "0"], b"$7\r\n\xe0\xa0\x80\xdf\xbf\x7f\x00\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"a\\tb\\1\"')", "0"], b"$4\r\na\tb\x01\r\n"),
        // Read with strtod.
        Case::new("lua libs: cjson.decode numbers")
            .cmd(&["EVAL", "return {tostring(cjson.decode('1e2')), tostring(cjson.decode('-0')), tostring(cjson.decode('0x1p4')), tostring(cjson.decode('0x1.8p1')), tostring(cjson.decode('01')), tostring(cjson.decode('1.'))}", "0"], b"*6\r\n$3\r\n100\r\n$2\r\n-0\r\n$2\r\n16\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n1\r\n")
            .cmd(&["EVAL", "return {tostring(cjson.decode('1e-400')), tostring(cjson.decode('1e999')), tostring(cjson.decode('123456789012345678901234567890')), tostring(cjson.decode('NaN')), tostring(cjson.decode('nan(123)')), tostring(cjson.decode('-infinity'))}", "0"], b"*6\r\n$1\r\n0\r\n$3\r\ninf\r\n$19\r\n1.2345678901235e+29\r\n$3\r\nnan\r\n$3\r\nnan\r\n$4\r\n-inf\r\n"),
        // What was expected, what was found, and where.
        Case::new("lua libs: cjson.decode token errors")
            .cmd(&["EVAL", "return cjson.decode('[')", "0"], b"-ERR user_script:1: Expected value but found T_END at character 2 script: fa22f6775c4b5a7555f7903baca8d69e9a2a52fd, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('')", "0"], b"-ERR user_script:1: Expected value but found T_END at character 1 script: 7ff8cf86abed928f4d61a01dcc9713f0117b180a, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('  ')", "0"], b"-ERR user_script:1: Expected value but found T_END at character 3 script: ad90e2cff32ebb0824378d300466719d14e6d1da, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('[1,]')", "0"], b"-ERR user_script:1: Expected value but found T_ARR_END at character 4 script: d31ab1dd313d99d4ad3dac6e48cdff283bea270c, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('[1 2]')", "0"], b"-ERR user_script:1: Expected comma or array end but found T_NUMBER at character 4 script: cae89247ef27d42d411c61ae44ff3af6ab258d99, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('{\"a\" 1}')", "0"], b"-ERR user_script:1: Expected colon but found T_NUMBER at character 6 script: 3486ee24bfdfc100c738c73355e99954ef01d92f, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('{1:1}')", "0"], b"-ERR user_script:1: Expected object key string but found T_NUMBER at character 2 script: 39975652284445c0a4461fbe58b0a4a1cd6aebc9, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('{\"a\":1,}')", "0"], b"-ERR user_script:1: Expected object key string but found T_OBJ_END at character 8 script: 7e3659dd873275ff5047e436b0cc31cc91d160e4, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('{\"a\":1 \"b\"}')", "0"], b"-ERR user_script:1: Expected comma or object end but found T_STRING at character 8 script: ed604cfa816fcbf85760ca2c8a390a51415cd1aa, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('[1] x')", "0"], b"-ERR user_script:1: Expected the end but found invalid token at character 5 script: 90488ed3df43636c96be19291b12cbc738913942, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('tru')", "0"], b"-ERR user_script:1: Expected value but found invalid token at character 1 script: b0ae6f0426d6ff93bdff3364f547baa19aa4171b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('truex')", "0"], b"-ERR user_script:1: Expected the end but found invalid token at character 5 script: 6e70d391cb7729b386bd9fd128f3dd0bfee15744, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode(']')", "0"], b"-ERR user_script:1: Expected value but found T_ARR_END at character 1 script: 5a5ce31025521bf6eb7c5a9d396fd071aaf8efec, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode(':')", "0"], b"-ERR user_script:1: Expected value but found T_COLON at character 1 script: 274ed54f4ed746bb9f78d55f1c0d32fedaac9c3f, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode(',')", "0"], b"-ERR user_script:1: Expected value but found T_COMMA at character 1 script: 31c1f9205540f6f990b2eeb14dac1688296447dd, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('\\f5')", "0"], b"-ERR user_script:1: Expected value but found invalid token at character 1 script: 75a17c87cc048b45ee5a3219cfe87d8031387a05, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('.5')", "0"], b"-ERR user_script:1: Expected value but found invalid token at character 1 script: 121c0b0f2d2ad62de9456ed953ed7b854d2ec58d, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('-')", "0"], b"-ERR user_script:1: Expected value but found invalid number at character 1 script: a968c762a4638482bd9ef50dcecdc4504214d87d, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('0x')", "0"], b"-ERR user_script:1: Expected the end but found invalid token at character 2 script: 18b80eb19bb3289cd0a846b99d6ce8e476a888be, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('1e+')", "0"], b"-ERR user_script:1: Expected the end but found invalid token at character 2 script: 57b867770e2986cba00a5eaf0751bc9217c113c7, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('infinit')", "0"], b"-ERR user_script:1: Expected the end but found invalid token at character 4 script: 95871b2004a4a3a87cc2f77cc8377772eebf1409, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('nan(abc_1)x')", "0"], b"-ERR user_script:1: Expected the end but found invalid token at character 11 script: dd6df9c64ee7330a935ee8010fb6d13df21c0383, on @user_script:1.\r\n"),
        Case::new("lua libs: cjson.decode string errors")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\ud83d\"')", "0"], b"-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: a6c52b6928b77ab585254f4aad3a29c682736f38, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\ude00\"')", "0"], b"-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: 8f5a5d0c62f864810e9d6f8da1941b32dfb7516e, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('[\"ab\\\\u00zz\"]')", "0"], b"-ERR user_script:1: Expected value but found invalid unicode escape code at character 5 script: da57db6f0f55504570a06fd6f1369665e6105665, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\uD800\\\\uDBFF\"')", "0"], b"-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: bb20e896b023bcb843b99e41815734732042a8af, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"ab\\\\x\"')", "0"], b"-ERR user_script:1: Expected value but found invalid escape code at character 4 script: cd9cbdfd16d0d93204436fa2171280db9396711d, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"\\\\')", "0"], b"-ERR user_script:1: Expected value but found invalid escape code at character 2 script: da59ca298d06a2c4adb061efa6f75e29123f8148, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"abc')", "0"], b"-ERR user_script:1: Expected value but found unexpected end of string at character 5 script: 30d67c6fb8e066eef4796bfcc59cee500c381744, on @user_script:1.\r\n"),
        Case::new("lua libs: cjson.decode ends at a NUL byte")
            .cmd(&["EVAL", "return cjson.decode('[1]\\0garbage')", "0"], b"*1\r\n:1\r\n")
            .cmd(&["EVAL", "return cjson.decode('\"a\\0b\"')", "0"], b"-ERR user_script:1: Expected value but found unexpected end of string at character 3 script: 4a15f56831e72e9e4f09f1360b725d8c54b8ee4d, on @user_script:1.\r\n"),
        // decode_max_depth (1000), and past it the Lua C stack: 7998 arrays or 3999 objects.
        Case::new("lua libs: cjson.decode nesting")
            .cmd(&["EVAL", "return #cjson.decode(string.rep('[', 1000)..string.rep(']', 1000))", "0"], b":1\r\n")
            .cmd(&["EVAL", "return cjson.decode(string.rep('[', 1001)..string.rep(']', 1001))", "0"], b"-ERR user_script:1: Found too many nested data structures (1001) at character 1001 script: c39d4d6e266a110e042c066021b63c8e22627ce5, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode(string.rep('{\"a\":', 1001)..'1'..string.rep('}', 1001))", "0"], b"-ERR user_script:1: Found too many nested data structures (1001) at character 5001 script: 69307170342fa28a25bf359f4355bd3f3feef995, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cjson.decode(string.rep('[', 100000))", "0"], b"-ERR user_script:1: Found too many nested data structures (1001) at character 1001 script: 109d4516b52333f2f79b9a1464900ee582fb150f, on @user_script:1.\r\n")
            .cmd(&["EVAL", "cjson.decode_max_depth(100000) local r = {} for _, s in ipairs({string.rep('[', 7998), string.rep('[', 7999), string.rep('{\"a\":', 5000), string.rep('{\"a\":[', 3000)}) do local ok, e = pcall(cjson.decode, s) r[#r+1] = e end cjson.decode_max_depth(1000) return r", "0"], b"*4\r\n$48\r\nExpected value but found T_END at character 7999\r\n$62\r\nFound too many nested data structures (7999) at character 7999\r\n$63\r\nFound too many nested data structures (4000) at character 19996\r\n$63\r\nFound too many nested data structures (5333) at character 15997\r\n")
            .cmd(&["EVAL", "cjson.encode_max_depth(100000) local r = {} for _, n in ipairs({7997, 7998}) do local t = {} local c = t for i = 1, n - 1 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) r[#r+1] = ok and #e or e end cjson.encode_max_depth(1000) return r", "0"], b"*2\r\n:15994\r\n$42\r\nCannot serialise, excessive nesting (7998)\r\n"),
        // The smallest format that holds the number.
        Case::new("lua libs: cmsgpack.pack integers")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(0, 127, 128, 255, 256, 65535, 65536, 2^32-1, 2^32, 2^53))", "0"], b"$80\r\n007fcc80ccffcd0100cdffffce00010000ceffffffffcf0000000100000000cf0020000000000000\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2^31, -2^31-1, -2^53))", "0"], b"$80\r\nffe0d0dfd080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffffd3ffe0000000000000\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(2^63-1024, -2^63))", "0"], b"$36\r\ncf7ffffffffffffc00d38000000000000000\r\n"),
        // float32 when exact, else float64; -0 is the integer 0.
        Case::new("lua libs: cmsgpack.pack floats")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(1.5, 0.1, -0.0, 2^64, 2^63, 1e300))", "0"], b"$68\r\nca3fc00000cb3fb999999999999a00ca5f800000ca5f000000cb7e37e43c8800759c\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(math.huge, -math.huge))", "0"], b"$20\r\nca7f800000caff800000\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(0/0, -(0/0)))", "0"], b"$36\r\ncbfff8000000000000cb7ff8000000000000\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(-2^63-2048))", "0"], b"$18\r\ncbc3e0000000000001\r\n"),
        // fixstr, str8, str16, str32.
        Case::new("lua libs: cmsgpack.pack strings")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack('', 'abc', string.rep('a', 31)))", "0"], b"$74\r\na0a3616263bf61616161616161616161616161616161616161616161616161616161616161\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('a', 32))):sub(1,8)", "0"], b"$8\r\nd9206161\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('a', 256))):sub(1,8)", "0"], b"$8\r\nda010061\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(string.rep('a', 65536))):sub(1,12)", "0"], b"$12\r\ndb0001000061\r\n"),
        // Keys exactly 1..n make an array, anything else a map; 16-bit and 32-bit headers.
        Case::new("lua libs: cmsgpack.pack tables")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({1,2,3}, {}, {a=1}, {[1]=1,[3]=3}, {1,2,a=1}))", "0"], b"$44\r\n930102039081a1610182010103038301010202a16101\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack({[0]=1}, {[1.5]=1}, {[-1]=1}))", "0"], b"$26\r\n81000181ca3fc000000181ff01\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t={} for i=1,16 do t[i]=i end return hex(cmsgpack.pack(t)):sub(1,10)", "0"], b"$10\r\ndc00100102\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t={} for i=1,65536 do t[i]=1 end return hex(cmsgpack.pack(t)):sub(1,12)", "0"], b"$12\r\ndd0001000001\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t={} for i=1,16 do t['k'..i]=1 end return hex(cmsgpack.pack(t)):sub(1,8)", "0"], b"$8\r\nde0010a3\r\n"),
        // Nil, other types, and tables nested 16 deep pack as nil.
        Case::new("lua libs: cmsgpack.pack nil and nesting")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return hex(cmsgpack.pack(true, false, nil, function() end, cjson.null))", "0"], b"$10\r\nc3c2c0c0c0\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t={} local c=t for i=1,20 do c[1]={} c=c[1] end return hex(cmsgpack.pack(t))", "0"], b"$34\r\n91919191919191919191919191919191c0\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end local t={} t[1]=t return hex(cmsgpack.pack(t))", "0"], b"$34\r\n91919191919191919191919191919191c0\r\n")
            .cmd(&["EVAL", "return cmsgpack.pack()", "0"], b"-ERR user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.) script: 6bc235afa55de88253e203cc5fe5844792e25209, on @user_script:1.\r\n"),
        Case::new("lua libs: cmsgpack.unpack values")
            .cmd(&["EVAL", "return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {1,2}, {a=5}))}", "0"], b"*4\r\n:1\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n*0\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack(cmsgpack.pack({a=5})).a", "0"], b":5\r\n")
            .cmd(&["EVAL", "return {cmsgpack.unpack('')}", "0"], b"*0\r\n")
            .cmd(&["EVAL", "return #{cmsgpack.unpack('\\192\\192\\1')}", "0"], b":3\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack(123)", "0"], b":49\r\n")
            .cmd(&["EVAL", "return {tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255')), tostring(cmsgpack.unpack('\\211\\128\\0\\0\\0\\0\\0\\0\\0')), tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))}", "0"], b"*3\r\n$2\r\n-1\r\n$20\r\n-9.2233720368548e+18\r\n$3\r\n1.5\r\n")
            .cmd(&["EVAL", "local t = cmsgpack.unpack('\\146\\192\\1') return {#t, t[2]}", "0"], b"*2\r\n:0\r\n:1\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\220\\0\\2\\1\\2')", "0"], b"*2\r\n:1\r\n:2\r\n"),
        // bin and ext are not read; a nil or NaN map key is the Lua core's own error.
        Case::new("lua libs: cmsgpack.unpack errors")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\193')", "0"], b"-ERR user_script:1: Bad data format in input. script: dc135bd7bc2955014f03280e151acf74360378e7, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\196\\3abc')", "0"], b"-ERR user_script:1: Bad data format in input. script: c3d9d8a9c0ed342606c0f40aa269ff7d8ae68236, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\199\\1\\1a')", "0"], b"-ERR user_script:1: Bad data format in input. script: 99ff8ffb5791804e4457c3d361d9f8544f6e4a8b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\205\\1')", "0"], b"-ERR user_script:1: Missing bytes in input. script: 4679240a23ff9735759d614fd4b677cab6fb1b9a, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\147\\1')", "0"], b"-ERR user_script:1: Missing bytes in input. script: ee8eb1e54a0c380beeff7d6d892383fdfd307c7a, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\217\\5abc')", "0"], b"-ERR user_script:1: Missing bytes in input. script: dec19d8744f002d57aef4042a9eb73a0adfa00ba, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack()", "0"], b"-ERR user_script:1: bad argument #1 to 'unpack' (string expected, got no value) script: 78103c0f3f46e5897cb5d2fad8dfb28bd38e0eeb, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack({})", "0"], b"-ERR user_script:1: bad argument #1 to 'unpack' (string expected, got table) script: 1bf8d78c3e2298775df6934cb05254905d2c8ddc, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack('\\129\\192\\1')", "0"], b"-ERR table index is nil script: fc5ecea28c7c4519bafde8e9710d8f45499f865b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return {pcall(cmsgpack.unpack, '\\129\\203\\255\\248\\0\\0\\0\\0\\0\\0\\1')}", "0"], b"*2\r\n$-1\r\n$18\r\ntable index is NaN\r\n"),
        // The offset after the value (-1 at the end), then the value.
        Case::new("lua libs: cmsgpack.unpack_one")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_one(p)}", "0"], b"*2\r\n:1\r\n:1\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_one(p, 1)}", "0"], b"*2\r\n:4\r\n$2\r\nab\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_one(p, 4)}", "0"], b"*2\r\n:-1\r\n*1\r\n:3\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_one(p, 6)}", "0"], b"*1\r\n:-1\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_one(p, 2.7)}", "0"], b"*2\r\n:3\r\n:97\r\n")
            .cmd(&["EVAL", "return {cmsgpack.unpack_one('')}", "0"], b"*1\r\n:-1\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) local r, o, v = {}, 0, nil while o >= 0 do o, v = cmsgpack.unpack_one(p, o) r[#r+1] = o end return r", "0"], b"*3\r\n:1\r\n:4\r\n:-1\r\n"),
        Case::new("lua libs: cmsgpack.unpack_limit")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_limit(p, 2)}", "0"], b"*3\r\n:4\r\n:1\r\n$2\r\nab\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_limit(p, 2, 1)}", "0"], b"*3\r\n:-1\r\n$2\r\nab\r\n*1\r\n:3\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_limit(p, 0)}", "0"], b"*3\r\n:1\r\n$2\r\nab\r\n*1\r\n:3\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_limit(p, 5)}", "0"], b"*4\r\n:-1\r\n:1\r\n$2\r\nab\r\n*1\r\n:3\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return {cmsgpack.unpack_limit(p, 2^32+1)}", "0"], b"*4\r\n:-1\r\n:1\r\n$2\r\nab\r\n*1\r\n:3\r\n")
            .cmd(&["EVAL", "return {cmsgpack.unpack_limit('', 1)}", "0"], b"*1\r\n:-1\r\n"),
        // Offsets print as C ints.
        Case::new("lua libs: cmsgpack offset and limit errors")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return cmsgpack.unpack_one(p, 7)", "0"], b"-ERR user_script:1: Start offset 7 greater than input length 6. script: c6058c0e1972d63e15cc9dd8e5acae5cb6c48e40, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return cmsgpack.unpack_one(p, 2^32+1)", "0"], b"-ERR user_script:1: Start offset 1 greater than input length 6. script: 1e0125730f6c9fc7549f9002e6976eb10a570505, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return cmsgpack.unpack_one(p, -1)", "0"], b"-ERR user_script:1: Invalid request to unpack with offset of -1 and limit of 6. script: 615c51f400a871ae4dfb592977a1be3e158cf23b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return cmsgpack.unpack_limit(p, -1)", "0"], b"-ERR user_script:1: Invalid request to unpack with offset of 0 and limit of 6. script: 8fe13730492f717f67e444325e9a0de1756240fb, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return cmsgpack.unpack_one(p, 'x')", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack_one' (number expected, got string) script: 46c132e3cc535f195a8c729295a44d82d9c23926, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local p = cmsgpack.pack(1, 'ab', {3}) return cmsgpack.unpack_limit(p)", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack_limit' (number expected, got no value) script: 4859c0bc156ad3e09f01c7d257123eae640afa98, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack_one('\\205\\1')", "0"], b"-ERR user_script:1: Missing bytes in input. script: 6b6fe46dda6feb507bbfa3e95be9d0e553588ad6, on @user_script:1.\r\n"),
        // 8000 slots: one per value returned, two per open array, one per open map and its key.
        Case::new("lua libs: cmsgpack and the Lua C stack")
            .cmd(&["EVAL", "return #{cmsgpack.unpack(string.rep('\\1', 7999))}", "0"], b":7999\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack(string.rep('\\1', 8000))", "0"], b"-ERR user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.) script: 3f21c736088baf4017a1205da9e2ae25eeb1cfb6, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return #{cmsgpack.unpack_limit(string.rep('\\1', 8000), 7998)}", "0"], b":7999\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack_limit(string.rep('\\1', 8000), 7999)", "0"], b"-ERR user_script:1: stack overflow (in function mp_unpack_full) script: 0b30d3976e61cde72c042438958745109bc05f91, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local t = cmsgpack.unpack(string.rep('\\145', 3999)..'\\1') local d = 0 while type(t) == 'table' do t = t[1] d = d + 1 end return {d, t}", "0"], b"*2\r\n:3999\r\n:1\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack(string.rep('\\145', 4000)..'\\1')", "0"], b"-ERR user_script:1: stack overflow (in function mp_decode_to_lua_array) script: 42764937c5a0fda70cb477d5e4b4fd498b2e8323, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return cmsgpack.unpack(string.rep('\\129\\1', 4000)..'\\1')", "0"], b"-ERR user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.) script: 98d976f421191215a690dd200415776807079314, on @user_script:1.\r\n"),
        Case::new("lua libs: cmsgpack module values")
            .cmd(&["EVAL", "return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}", "0"], b"*4\r\n$8\r\ncmsgpack\r\n$18\r\nlua-cmsgpack 0.4.0\r\n$40\r\nCopyright (C) 2012, Salvatore Sanfilippo\r\n$36\r\nMessagePack C implementation for Lua\r\n")
            .cmd(&["EVAL", "local t = {} for k in pairs(cmsgpack) do t[#t+1] = k end table.sort(t) return t", "0"], b"*8\r\n$10\r\n_COPYRIGHT\r\n$12\r\n_DESCRIPTION\r\n$5\r\n_NAME\r\n$8\r\n_VERSION\r\n$4\r\npack\r\n$6\r\nunpack\r\n$12\r\nunpack_limit\r\n$10\r\nunpack_one\r\n"),
        // Rounded to an integer (ties to even) modulo 2^32, as a signed number.
        Case::new("lua libs: bit.tobit")
            .cmd(&["EVAL", "return {bit.tobit(0xffffffff), bit.tobit(2^53+3), bit.tobit('0x10'), bit.tobit(1/0), bit.tobit(-2^31-0.5), bit.tobit(-1.5), bit.tobit(0.5), bit.tobit(1.5)}", "0"], b"*8\r\n:-1\r\n:2\r\n:16\r\n:0\r\n:-2147483648\r\n:-2\r\n:0\r\n:2\r\n"),
        Case::new("lua libs: bit logic")
            .cmd(&["EVAL", "return {bit.bnot(0), bit.band(2^32+5, 4), bit.bor(1, 2, 4), bit.bxor(1,2,4,8), bit.band(-1), bit.bor('3', 4)}", "0"], b"*6\r\n:-1\r\n:4\r\n:7\r\n:15\r\n:-1\r\n:7\r\n"),
        // Counts modulo 32.
        Case::new("lua libs: bit shifts and rotations")
            .cmd(&["EVAL", "return {bit.lshift(1,33), bit.rshift(-256,4), bit.arshift(-256,4), bit.rol(1,-1), bit.ror(1,1), bit.rol(0x80000000,1), bit.lshift(1, 31)}", "0"], b"*7\r\n:2\r\n:268435440\r\n:-16\r\n:-2147483648\r\n:-2147483648\r\n:1\r\n:-2147483648\r\n"),
        // tohex: the low |n| digits (at most 8), upper case for negative n.
        Case::new("lua libs: bit.bswap and bit.tohex")
            .cmd(&["EVAL", "return {bit.bswap(0x12345678), bit.bswap(-1)}", "0"], b"*2\r\n:2018915346\r\n:-1\r\n")
            .cmd(&["EVAL", "return {bit.tohex(-1), bit.tohex(255,-4), bit.tohex(1,9), bit.tohex(1,0), bit.tohex(-1,3), bit.tohex(0xabcdef12, -3), bit.tohex(0xab, -2^31), bit.tohex(1, 2^32+4)}", "0"], b"*8\r\n$8\r\nffffffff\r\n$4\r\n00FF\r\n$8\r\n00000001\r\n$0\r\n\r\n$3\r\nfff\r\n$3\r\nF12\r\n$8\r\n000000AB\r\n$4\r\n0001\r\n"),
        // luaL_argerror names the function as the caller wrote it ('?' through pcall).
        Case::new("lua libs: bit argument errors")
            .cmd(&["EVAL", "return bit.band('x')", "0"], b"-ERR user_script:1: bad argument #1 to 'band' (number expected, got string) script: d35c9a1d4f4825ae2c0656c3cb8c9f397ca6d9b1, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return bit.band()", "0"], b"-ERR user_script:1: bad argument #1 to 'band' (number expected, got no value) script: 5cf53f885283a4f44a8fe7ad7e7fccaed4113e62, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local f=bit.band return f()", "0"], b"-ERR user_script:1: bad argument #1 to 'f' (number expected, got no value) script: 8bad699a8da7d75b3ace52d519f668c752a4f6ca, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return {pcall(bit.band)}", "0"], b"*2\r\n$-1\r\n$54\r\nbad argument #1 to '?' (number expected, got no value)\r\n")
            .cmd(&["EVAL", "return bit.tohex(1,nil)", "0"], b"-ERR user_script:1: bad argument #2 to 'tohex' (number expected, got nil) script: f8bb9414e041f2bb4e0db78d42de95a917dcad6d, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return bit.band(1, 3, '7', nil)", "0"], b"-ERR user_script:1: bad argument #4 to 'band' (number expected, got nil) script: 182b0d38cc5e6267d61898097236250e637ae873, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return bit.lshift(1)", "0"], b"-ERR user_script:1: bad argument #2 to 'lshift' (number expected, got no value) script: 96ef0de5140ab932215a1863ca1373f10f03b7a6, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return bit.tohex()", "0"], b"-ERR user_script:1: bad argument #1 to 'tohex' (number expected, got no value) script: bbebe1b19aaebf97fcec4b5510d6e6a9817e9192, on @user_script:1.\r\n"),
        // Little-endian by default; in / In take 1 to 32 bytes; doubles convert as C casts.
        Case::new("lua libs: struct.pack integers")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('>i', 1)), hex(struct.pack('<i2', 1)), hex(struct.pack('b', -1)), hex(struct.pack('B', 300)), hex(struct.pack('h', 70000)), hex(struct.pack('>l', -2)), hex(struct.pack('T', 1))}", "0"], b"*7\r\n$8\r\n00000001\r\n$4\r\n0100\r\n$2\r\nff\r\n$2\r\n2c\r\n$4\r\n7011\r\n$16\r\nfffffffffffffffe\r\n$16\r\n0100000000000000\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('>i3', 0x123456)), hex(struct.pack('>i17', 1)), hex(struct.pack('>i10', -1)), hex(struct.pack('<i10', -1)), hex(struct.pack('>i0', 1))}", "0"], b"*5\r\n$6\r\n123456\r\n$34\r\n0000000000000000000000000000000001\r\n$20\r\n0000ffffffffffffffff\r\n$20\r\nffffffffffffffff0000\r\n$0\r\n\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('>L', 2^64)), hex(struct.pack('>L', -1)), hex(struct.pack('>l', 2^63)), hex(struct.pack('>L', 1e30)), hex(struct.pack('>l', -1e30)), hex(struct.pack('>L', 0/0)), hex(struct.pack('>l', -1.9)), hex(struct.pack('l', 1.5e19))}", "0"], b"*8\r\n$16\r\n0000000000000000\r\n$16\r\nffffffffffffffff\r\n$16\r\n8000000000000000\r\n$16\r\n0000000000000000\r\n$16\r\n8000000000000000\r\n$16\r\n8000000000000000\r\n$16\r\nffffffffffffffff\r\n$16\r\n0000dcce86b42ad0\r\n"),
        // ! sets the maximum alignment (8 alone); numbers align to min(size, max) from the start.
        Case::new("lua libs: struct.pack alignment")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('!>bi', 1, 2)), hex(struct.pack('!2>bi', 1, 2)), hex(struct.pack('!16>bd', 1, 2)), hex(struct.pack('!>bxT', 1, 2)), hex(struct.pack('!>bh', 1, 2))}", "0"], b"*5\r\n$16\r\n0100000000000002\r\n$12\r\n010000000002\r\n$32\r\n01000000000000004000000000000000\r\n$32\r\n01000000000000000000000000000002\r\n$8\r\n01000002\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('!>bc3', 1, 'abc')), hex(struct.pack('!>bs', 1, 'a')), hex(struct.pack('!>bf', 1, 2)), hex(struct.pack('!4>bi8', 1, 2)), hex(struct.pack('!>b!1i', 1, 2)), hex(struct.pack('!>bi3', 1, 2)), hex(struct.pack('!>bi6', 1, 2))}", "0"], b"*7\r\n$8\r\n01616263\r\n$6\r\n016100\r\n$16\r\n0100000040000000\r\n$24\r\n010000000000000000000002\r\n$10\r\n0100000002\r\n$12\r\n010000000002\r\n$24\r\n010000000000000000000002\r\n"),
        Case::new("lua libs: struct.pack strings and floats")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('s', 'ab')), hex(struct.pack('s', 'a\\0b')), hex(struct.pack('s', 12)), hex(struct.pack('c', 'ab')), hex(struct.pack('c0', 'abc')), hex(struct.pack('x')), hex(struct.pack(' > i ', 7))}", "0"], b"*7\r\n$6\r\n616200\r\n$8\r\n61006200\r\n$6\r\n313200\r\n$2\r\n61\r\n$6\r\n616263\r\n$2\r\n00\r\n$8\r\n00000007\r\n")
            .cmd(&["EVAL", "local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end return {hex(struct.pack('f', 1.5)), hex(struct.pack('>d', 1.5)), hex(struct.pack('<f', 1e300)), hex(struct.pack('<f', -0/1)), hex(struct.pack('<d', 0/0)), hex(struct.pack('h', '3')), hex(struct.pack('i', 1, 2, 3))}", "0"], b"*7\r\n$8\r\n0000c03f\r\n$16\r\n3ff8000000000000\r\n$8\r\n0000807f\r\n$8\r\n00000080\r\n$16\r\n000000000000f8ff\r\n$4\r\n0300\r\n$8\r\n01000000\r\n"),
        Case::new("lua libs: struct.pack errors")
            .cmd(&["EVAL", "return struct.pack('c3', 'ab')", "0"], b"-ERR user_script:1: bad argument #3 to 'pack' (string too short) script: 01dc5ae2857747fc1262e064540dfbc33d3ccf21, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('!3>bi', 1, 2)", "0"], b"-ERR user_script:1: alignment 3 is not a power of 2 script: 23611090294b839570ee38a2efc08a095335505b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('q', 1)", "0"], b"-ERR user_script:1: bad argument #1 to 'pack' (invalid format option 'q') script: 49599a2466f241bd45a2bd4f631df3a1a1ec9790, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('=i', 7)", "0"], b"-ERR user_script:1: bad argument #1 to 'pack' (invalid format option '=') script: 3ed6556b5ab81c394dfa22a6e8d1462c30ec1bf2, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('b2', 1)", "0"], b"-ERR user_script:1: bad argument #1 to 'pack' (invalid format option '2') script: 4d685574d8ee8771b79f50542c513c029b6a9863, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('i', 'x')", "0"], b"-ERR user_script:1: bad argument #2 to 'pack' (number expected, got string) script: 72d01f23645269179316b093775c7fa64478554a, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('i')", "0"], b"-ERR user_script:1: bad argument #2 to 'pack' (number expected, got nil) script: 63b299178a495d059d925846f3a5f58587cb30c9, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('ii', 1)", "0"], b"-ERR user_script:1: bad argument #3 to 'pack' (number expected, got nil) script: 2c85861ffbe8a6c7335e4a3239f2eafc62283cea, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack()", "0"], b"-ERR user_script:1: bad argument #1 to 'pack' (string expected, got no value) script: c9b8aed4f0633591e6252db264bf8b86b82828d5, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('s', {})", "0"], b"-ERR user_script:1: bad argument #2 to 'pack' (string expected, got table) script: 5cf444f359bf1c8e7834932265689f94ec6774d9, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('i99999999999999999999', 1)", "0"], b"-ERR user_script:1: integral size overflow script: 6886a3e89de9b6d91ac5a4662c73b1423c608539, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.pack('>i33', 1)", "0"], b"-ERR user_script:1: integral size 33 is larger than limit of 32 script: c062d1c34a51aa90d7168eb93827dc24b200d1b2, on @user_script:1.\r\n"),
        // The values, then the position after them.
        Case::new("lua libs: struct.unpack")
            .cmd(&["EVAL", "return {struct.unpack('>i', '\\0\\0\\0\\1')}", "0"], b"*2\r\n:1\r\n:5\r\n")
            .cmd(&["EVAL", "return {struct.unpack('>i', '\\0\\0\\0\\1\\0\\0\\0\\2', 5)}", "0"], b"*2\r\n:2\r\n:9\r\n")
            .cmd(&["EVAL", "return {struct.unpack('<i3', '\\255\\255\\255')}", "0"], b"*2\r\n:-1\r\n:4\r\n")
            .cmd(&["EVAL", "return {struct.unpack('<I3', '\\255\\255\\255')}", "0"], b"*2\r\n:16777215\r\n:4\r\n")
            .cmd(&["EVAL", "return {struct.unpack('bB', '\\255\\255')}", "0"], b"*3\r\n:-1\r\n:255\r\n:3\r\n")
            .cmd(&["EVAL", "return {tostring(struct.unpack('<I8', '\\255\\255\\255\\255\\255\\255\\255\\255')), tostring(struct.unpack('<i8', '\\255\\255\\255\\255\\255\\255\\255\\127')), tostring(struct.unpack('<i9', '\\255\\255\\255\\255\\255\\255\\255\\255\\255'))}", "0"], b"*3\r\n$18\r\n1.844674407371e+19\r\n$19\r\n9.2233720368548e+18\r\n$2\r\n-1\r\n")
            .cmd(&["EVAL", "return {tostring(struct.unpack('f', struct.pack('f', 1.1))), tostring(struct.unpack('d', struct.pack('d', 1.1)))}", "0"], b"*2\r\n$15\r\n1.1000000238419\r\n$3\r\n1.1\r\n")
            .cmd(&["EVAL", "return {struct.unpack('!>bi', '\\1\\0\\0\\0\\0\\0\\0\\2')}", "0"], b"*3\r\n:1\r\n:2\r\n:9\r\n")
            .cmd(&["EVAL", "return {struct.unpack('>i', 1234)}", "0"], b"*2\r\n:825373492\r\n:5\r\n"),
        // c0 takes its length from the value before it; a negative init wraps as a C size_t.
        Case::new("lua libs: struct.unpack strings and positions")
            .cmd(&["EVAL", "return {struct.unpack('s', 'ab\\0cd')}", "0"], b"*2\r\n$2\r\nab\r\n:4\r\n")
            .cmd(&["EVAL", "return {struct.unpack('c2', 'abcd')}", "0"], b"*2\r\n$2\r\nab\r\n:3\r\n")
            .cmd(&["EVAL", "return {struct.unpack('bc0', '\\2abcd')}", "0"], b"*2\r\n$2\r\nab\r\n:4\r\n")
            .cmd(&["EVAL", "return {struct.unpack('sc0', '2\\0ab')}", "0"], b"*2\r\n$2\r\nab\r\n:5\r\n")
            .cmd(&["EVAL", "return {struct.unpack('xb', '\\2\\3')}", "0"], b"*2\r\n:3\r\n:3\r\n")
            .cmd(&["EVAL", "return {struct.unpack('', 'ab')}", "0"], b"*1\r\n:1\r\n")
            .cmd(&["EVAL", "return {struct.unpack('', 'ab', -1)}", "0"], b"*1\r\n:-1\r\n")
            .cmd(&["EVAL", "return {struct.unpack('b', 'ab', 2.9)}", "0"], b"*2\r\n:98\r\n:3\r\n")
            .cmd(&["EVAL", "return {struct.unpack('i0', 'ab')}", "0"], b"*2\r\n:0\r\n:1\r\n"),
        Case::new("lua libs: struct.unpack errors")
            .cmd(&["EVAL", "return struct.unpack('>i', '\\0\\0\\1')", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack' (data string too short) script: 081adfe65c00fdee9a928f26cec53340f1a00392, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('>i', '\\0\\0\\0\\1', 0)", "0"], b"-ERR user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater) script: c8c0f8ea6632c788d08e355535001e9ac2575bbb, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('>i', '\\0\\0\\0\\1', -3)", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack' (data string too short) script: e773f4d2e4b4c443d07c37347954b10f06cdd652, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('>', 'ab', 5)", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack' (data string too short) script: 67aaffed64df1e6488eb013f6fc7ada2b366efc9, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('s', 'abcd')", "0"], b"-ERR user_script:1: unfinished string in data script: ac71f793d6c21504bfdeb2274c3edb91d8a7a996, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('c0', 'abcd')", "0"], b"-ERR user_script:1: format 'c0' needs a previous size script: 59e7f1d8af41d70e2ee48a1077382ea7d201a567, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('sc0', 'x\\0ab')", "0"], b"-ERR user_script:1: format 'c0' needs a previous size script: 443ee649a4f1713c70008eca18108817cbcfc59e, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('hc0', '\\255\\255ab')", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack' (data string too short) script: a8d5c13c63c55d6b27b3a399a3b6ceeec067cd2d, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('q', 'ab')", "0"], b"-ERR user_script:1: bad argument #1 to 'unpack' (invalid format option 'q') script: 766b2f58e58ec9d73d35a3aadb57b6bf29f5cac0, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('>i')", "0"], b"-ERR user_script:1: bad argument #2 to 'unpack' (string expected, got no value) script: b338c1fe3f96fca0691e1fa6d299f470daf57d9a, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('b', 'ab', 'x')", "0"], b"-ERR user_script:1: bad argument #3 to 'unpack' (number expected, got string) script: 2948befb8b8339adc9654049b3a506a77ca575d1, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.unpack('c99999999999', 'ab')", "0"], b"-ERR user_script:1: integral size overflow script: ebf697b4afd8720a2cff870d8b142a33935c6036, on @user_script:1.\r\n"),
        // Unknown letters and digits count 0; s and c0 have no fixed size.
        Case::new("lua libs: struct.size")
            .cmd(&["EVAL", "return {struct.size('>ibhlTfdxc3'), struct.size('!ibd'), struct.size('c'), struct.size('bq'), struct.size('x5'), struct.size('!bi!2i'), struct.size('I3!2I3'), struct.size('c2147483647c2147483647')}", "0"], b"*8\r\n:39\r\n:16\r\n:1\r\n:1\r\n:1\r\n:12\r\n:7\r\n:4294967294\r\n")
            .cmd(&["EVAL", "return struct.size('s')", "0"], b"-ERR user_script:1: bad argument #1 to 'size' (option 's' has no fixed size) script: a2a0525826ab7939ccd3f54427a862205642f28f, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.size('bc0')", "0"], b"-ERR user_script:1: bad argument #1 to 'size' (option 'c0' has no fixed size) script: 74dacd14324ad3d69ac5e1b860ef3e1e5692a275, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.size('#')", "0"], b"-ERR user_script:1: bad argument #1 to 'size' (invalid format option '#') script: 437946402a785fe590f91d530cd3ccb765494eee, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.size('i40')", "0"], b"-ERR user_script:1: integral size 40 is larger than limit of 32 script: 3e540f3a08223d82bf92ec251944ff434d9bae0b, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.size('!0bi')", "0"], b"-ERR user_script:1: alignment 0 is not a power of 2 script: 32311d889622029725fa7efe87783d05e8883e98, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.size('c2147483648')", "0"], b"-ERR user_script:1: integral size overflow script: 292a304409e9de38cfc7b4873d7ee2977fbb25fe, on @user_script:1.\r\n")
            .cmd(&["EVAL", "return struct.size()", "0"], b"-ERR user_script:1: bad argument #1 to 'size' (string expected, got no value) script: 4c30ee4bce24a141420f334922489017312786e7, on @user_script:1.\r\n"),
        Case::new("lua libs: struct and the Lua C stack")
            .cmd(&["EVAL", "return #{struct.unpack(string.rep('b', 7997), string.rep('a', 8000))}", "0"], b":7998\r\n")
            .cmd(&["EVAL", "return struct.unpack(string.rep('b', 7998), string.rep('a', 8000))", "0"], b"-ERR user_script:1: stack overflow (too many results) script: 484443f8947886c322e3efd709285e7d0b2284be, on @user_script:1.\r\n")
            .cmd(&["EVAL", "local t = {} for i = 1, 7990 do t[i] = 'x'..i end return #struct.pack(string.rep('s', 7990), unpack(t))", "0"], b":46833\r\n")
            .cmd(&["EVAL", "return #{struct.unpack(string.rep('c1', 7997), string.rep('a', 8000))}", "0"], b":7998\r\n"),
        // pcall gets the message as a string (no position through pcall); the reply names the calling line.
        Case::new("lua libs: library errors are Lua strings with the caller's position")
            .cmd(&["EVAL", "local ok, e = pcall(cjson.decode, '[') return {type(e), e}", "0"], b"*2\r\n$6\r\nstring\r\n$45\r\nExpected value but found T_END at character 2\r\n")
            .cmd(&["EVAL", "local ok, e = pcall(function() return struct.pack('q') end) return e", "0"], b"$68\r\nuser_script:1: bad argument #1 to 'pack' (invalid format option 'q')\r\n")
            .cmd(&["EVAL", "local x = 1\nlocal y = 2\nreturn cjson.decode('[')", "0"], b"-ERR user_script:3: Expected value but found T_END at character 2 script: 5787d8613e33fc63a98243c5bc7ef518fb8b42a2, on @user_script:3.\r\n")
            .cmd(&["EVAL", "local t = setmetatable({}, {__index = function(t, k) return bit.tobit(k) end}) return t.x", "0"], b"-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got string) script: 189a77fe7119649ab8c5554044ef445dbba03085, on @user_script:1.\r\n"),
        // Library output stored and read back through redis.call.
        Case::new("lua libs: with keys and commands")
            .cmd(&["EVAL", "redis.call('SET', KEYS[1], cjson.encode({a = {1, 2}})) return cjson.decode(redis.call('GET', KEYS[1])).a", "1", "lualibs:json"], b"*2\r\n:1\r\n:2\r\n")
            .cmd(&["EVAL", "redis.call('SET', KEYS[1], cmsgpack.pack({x = 'y'}, 7)) local t, n = cmsgpack.unpack(redis.call('GET', KEYS[1])) return {t.x, n}", "1", "lualibs:mp"], b"*2\r\n$1\r\ny\r\n:7\r\n")
            .cmd(&["EVAL", "redis.call('SET', KEYS[1], struct.pack('>I2s', 513, 'hi')) return {struct.unpack('>I2s', redis.call('GET', KEYS[1]))}", "1", "lualibs:st"], b"*3\r\n:513\r\n$2\r\nhi\r\n:6\r\n"),
    ]
}
