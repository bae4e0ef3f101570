//! Arbiter's wire format for calls across the judge/candidate boundary (Rust), prebuilt as the `arbiter_wire` rlib.
//! The judge's generated stubs `Put` the arguments and `Get` the answer into the declared types; the candidate's
//! generated call server does the reverse. Every value carries a one-byte tag; counts are checked against the bytes
//! left, so a malformed answer fails the call instead of being trusted. Floats travel as their exact bits. Frames
//! are a 4-byte little-endian length, then the bytes: a call is the function's index and the arguments; an answer
//! is b'R', the result and every `&mut` argument, or b'P' and the message of a panic.
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fs::File;
use std::hash::Hash;
use std::io::{Read, Write};
use std::os::unix::io::FromRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

const CALLS: i32 = 3;
const ANSWERS: i32 = 4;
const MAX_FRAME: usize = 256 << 20;
static JUDGE_SIDE: AtomicBool = AtomicBool::new(false);

/// Ends the process: on the judge's side with a message written straight to fd 2 (past libtest's capture) and
/// exit 85, never a panic, so no `#[should_panic]` test can pass because the candidate broke the protocol.
pub fn fatal(what: &str) -> ! {
    if JUDGE_SIDE.load(Ordering::SeqCst) {
        let mut err = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(2) });
        let _ = writeln!(err, "\narbiter: {}", what);
        std::process::exit(85);
    }
    std::process::exit(87);
}

pub struct Out(pub Vec<u8>);

impl Out {
    pub fn tag(&mut self, t: u8) {
        self.0.push(t);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn put<T: Put + ?Sized>(&mut self, v: &T) {
        v.put(self);
    }
}

pub struct In {
    d: Vec<u8>,
    i: usize,
}

impl In {
    fn take(&mut self, n: usize) -> &[u8] {
        if n > self.d.len() - self.i {
            fatal("malformed value: truncated");
        }
        let s = &self.d[self.i..self.i + n];
        self.i += n;
        s
    }
    pub fn expect(&mut self, t: u8) {
        if self.take(1)[0] != t {
            fatal("malformed value: unexpected type tag");
        }
    }
    pub fn u32(&mut self) -> u32 {
        let b = self.take(4);
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
    fn u64(&mut self) -> u64 {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8));
        u64::from_le_bytes(a)
    }
    fn count(&mut self) -> usize {
        let n = self.u32() as usize;
        if n > self.d.len() - self.i {
            fatal("malformed value: count larger than the message");
        }
        n
    }
    pub fn get<T: Get>(&mut self) -> T {
        T::get(self)
    }
    pub fn end(&self) {
        if self.i != self.d.len() {
            fatal("malformed value: trailing bytes");
        }
    }
}

pub trait Put {
    fn put(&self, o: &mut Out);
}
pub trait Get: Sized {
    fn get(i: &mut In) -> Self;
}

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl Put for $t { fn put(&self, o: &mut Out) { o.tag(b'i'); o.0.extend_from_slice(&(*self as i64).to_le_bytes()); } }
        impl Get for $t { fn get(i: &mut In) -> Self {
            i.expect(b'i');
            let w = i.u64() as i64;
            <$t>::try_from(w).unwrap_or_else(|_| fatal("malformed value: integer out of range"))
        } }
    )*};
}
macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Put for $t { fn put(&self, o: &mut Out) { o.tag(b'u'); o.0.extend_from_slice(&(*self as u64).to_le_bytes()); } }
        impl Get for $t { fn get(i: &mut In) -> Self {
            i.expect(b'u');
            let w = i.u64();
            <$t>::try_from(w).unwrap_or_else(|_| fatal("malformed value: integer out of range"))
        } }
    )*};
}
signed!(i8, i16, i32, i64, isize);
unsigned!(u8, u16, u32, u64, usize);

impl Put for i128 {
    fn put(&self, o: &mut Out) {
        o.tag(b'I');
        o.0.extend_from_slice(&self.to_le_bytes());
    }
}
impl Get for i128 {
    fn get(i: &mut In) -> Self {
        i.expect(b'I');
        let mut a = [0u8; 16];
        a.copy_from_slice(i.take(16));
        i128::from_le_bytes(a)
    }
}
impl Put for u128 {
    fn put(&self, o: &mut Out) {
        o.tag(b'U');
        o.0.extend_from_slice(&self.to_le_bytes());
    }
}
impl Get for u128 {
    fn get(i: &mut In) -> Self {
        i.expect(b'U');
        let mut a = [0u8; 16];
        a.copy_from_slice(i.take(16));
        u128::from_le_bytes(a)
    }
}
impl Put for bool {
    fn put(&self, o: &mut Out) {
        o.tag(b'b');
        o.0.push(*self as u8);
    }
}
impl Get for bool {
    fn get(i: &mut In) -> Self {
        i.expect(b'b');
        match i.take(1)[0] {
            0 => false,
            1 => true,
            _ => fatal("malformed value: bool"),
        }
    }
}
impl Put for char {
    fn put(&self, o: &mut Out) {
        o.tag(b'c');
        o.u32(*self as u32);
    }
}
impl Get for char {
    fn get(i: &mut In) -> Self {
        i.expect(b'c');
        let v = i.u32();
        char::from_u32(v).unwrap_or_else(|| fatal("malformed value: char"))
    }
}
impl Put for f32 {
    fn put(&self, o: &mut Out) {
        o.tag(b'f');
        o.u32(self.to_bits());
    }
}
impl Get for f32 {
    fn get(i: &mut In) -> Self {
        i.expect(b'f');
        f32::from_bits(i.u32())
    }
}
impl Put for f64 {
    fn put(&self, o: &mut Out) {
        o.tag(b'd');
        o.0.extend_from_slice(&self.to_bits().to_le_bytes());
    }
}
impl Get for f64 {
    fn get(i: &mut In) -> Self {
        i.expect(b'd');
        f64::from_bits(i.u64())
    }
}
impl Put for str {
    fn put(&self, o: &mut Out) {
        o.tag(b's');
        o.u32(self.len() as u32);
        o.0.extend_from_slice(self.as_bytes());
    }
}
impl Put for String {
    fn put(&self, o: &mut Out) {
        self.as_str().put(o)
    }
}
impl Get for String {
    fn get(i: &mut In) -> Self {
        i.expect(b's');
        let n = i.count();
        String::from_utf8(i.take(n).to_vec()).unwrap_or_else(|_| fatal("malformed value: string is not UTF-8"))
    }
}
/// A `&str` received is leaked: both processes are short-lived, and it lets a stub return `&str` of any lifetime.
impl Get for &'static str {
    fn get(i: &mut In) -> Self {
        Box::leak(String::get(i).into_boxed_str())
    }
}
impl<T: Put + ?Sized> Put for &T {
    fn put(&self, o: &mut Out) {
        (**self).put(o)
    }
}
impl<T: Put + ?Sized> Put for &mut T {
    fn put(&self, o: &mut Out) {
        (**self).put(o)
    }
}
impl<T: Put + ?Sized> Put for Box<T> {
    fn put(&self, o: &mut Out) {
        (**self).put(o)
    }
}
impl<T: Get> Get for Box<T> {
    fn get(i: &mut In) -> Self {
        Box::new(T::get(i))
    }
}

fn put_seq<'a, T: Put + 'a>(o: &mut Out, n: usize, items: impl Iterator<Item = &'a T>) {
    o.tag(b'l');
    o.u32(n as u32);
    for x in items {
        x.put(o);
    }
}
impl<T: Put> Put for [T] {
    fn put(&self, o: &mut Out) {
        put_seq(o, self.len(), self.iter())
    }
}
impl<T: Put, const N: usize> Put for [T; N] {
    fn put(&self, o: &mut Out) {
        put_seq(o, N, self.iter())
    }
}
impl<T: Get, const N: usize> Get for [T; N] {
    fn get(i: &mut In) -> Self {
        let v: Vec<T> = Vec::get(i);
        v.try_into().unwrap_or_else(|_| fatal("malformed value: array length"))
    }
}
/// A received `&[T]` is leaked like a `&str`.
impl<T: Get + 'static> Get for &'static [T] {
    fn get(i: &mut In) -> Self {
        Box::leak(Vec::<T>::get(i).into_boxed_slice())
    }
}
impl<T: Put> Put for Vec<T> {
    fn put(&self, o: &mut Out) {
        put_seq(o, self.len(), self.iter())
    }
}
impl<T: Get> Get for Vec<T> {
    fn get(i: &mut In) -> Self {
        i.expect(b'l');
        let n = i.count();
        (0..n).map(|_| T::get(i)).collect()
    }
}
impl<T: Put> Put for VecDeque<T> {
    fn put(&self, o: &mut Out) {
        put_seq(o, self.len(), self.iter())
    }
}
impl<T: Get> Get for VecDeque<T> {
    fn get(i: &mut In) -> Self {
        Vec::<T>::get(i).into()
    }
}
impl<T: Put> Put for HashSet<T> {
    fn put(&self, o: &mut Out) {
        put_seq(o, self.len(), self.iter())
    }
}
impl<T: Get + Eq + Hash> Get for HashSet<T> {
    fn get(i: &mut In) -> Self {
        Vec::<T>::get(i).into_iter().collect()
    }
}
impl<T: Put> Put for BTreeSet<T> {
    fn put(&self, o: &mut Out) {
        put_seq(o, self.len(), self.iter())
    }
}
impl<T: Get + Ord> Get for BTreeSet<T> {
    fn get(i: &mut In) -> Self {
        Vec::<T>::get(i).into_iter().collect()
    }
}
fn put_map<'a, K: Put + 'a, V: Put + 'a>(o: &mut Out, n: usize, items: impl Iterator<Item = (&'a K, &'a V)>) {
    o.tag(b'm');
    o.u32(n as u32);
    for (k, v) in items {
        k.put(o);
        v.put(o);
    }
}
fn get_map<K: Get, V: Get>(i: &mut In) -> Vec<(K, V)> {
    i.expect(b'm');
    let n = i.count();
    (0..n).map(|_| {
        let k = K::get(i);
        (k, V::get(i))
    }).collect()
}
impl<K: Put, V: Put> Put for HashMap<K, V> {
    fn put(&self, o: &mut Out) {
        put_map(o, self.len(), self.iter())
    }
}
impl<K: Get + Eq + Hash, V: Get> Get for HashMap<K, V> {
    fn get(i: &mut In) -> Self {
        get_map(i).into_iter().collect()
    }
}
impl<K: Put, V: Put> Put for BTreeMap<K, V> {
    fn put(&self, o: &mut Out) {
        put_map(o, self.len(), self.iter())
    }
}
impl<K: Get + Ord, V: Get> Get for BTreeMap<K, V> {
    fn get(i: &mut In) -> Self {
        get_map(i).into_iter().collect()
    }
}
impl<T: Put> Put for Option<T> {
    fn put(&self, o: &mut Out) {
        o.tag(b'o');
        match self {
            None => o.0.push(0),
            Some(v) => {
                o.0.push(1);
                v.put(o)
            }
        }
    }
}
impl<T: Get> Get for Option<T> {
    fn get(i: &mut In) -> Self {
        i.expect(b'o');
        match i.take(1)[0] {
            0 => None,
            1 => Some(T::get(i)),
            _ => fatal("malformed value: option"),
        }
    }
}
impl<T: Put, E: Put> Put for Result<T, E> {
    fn put(&self, o: &mut Out) {
        o.tag(b'r');
        match self {
            Ok(v) => {
                o.0.push(0);
                v.put(o)
            }
            Err(e) => {
                o.0.push(1);
                e.put(o)
            }
        }
    }
}
impl<T: Get, E: Get> Get for Result<T, E> {
    fn get(i: &mut In) -> Self {
        i.expect(b'r');
        match i.take(1)[0] {
            0 => Ok(T::get(i)),
            1 => Err(E::get(i)),
            _ => fatal("malformed value: result"),
        }
    }
}
macro_rules! tuple {
    ($n:expr; $($t:ident $v:ident),*) => {
        impl<$($t: Put),*> Put for ($($t,)*) {
            #[allow(non_snake_case, unused_variables)]
            fn put(&self, o: &mut Out) { o.tag(b't'); o.u32($n); let ($($v,)*) = self; $($v.put(o);)* }
        }
        impl<$($t: Get),*> Get for ($($t,)*) {
            #[allow(unused_variables)]
            fn get(i: &mut In) -> Self {
                i.expect(b't');
                if i.u32() != $n { fatal("malformed value: tuple"); }
                ($($t::get(i),)*)
            }
        }
    };
}
tuple!(0;);
tuple!(1; A a);
tuple!(2; A a, B b);
tuple!(3; A a, B b, C c);
tuple!(4; A a, B b, C c, D d);
tuple!(5; A a, B b, C c, D d, E e);
tuple!(6; A a, B b, C c, D d, E e, F f);

fn send(f: &mut File, payload: &[u8]) -> bool {
    f.write_all(&(payload.len() as u32).to_le_bytes()).is_ok() && f.write_all(payload).is_ok()
}

/// Some(frame), or None when the other side closed before a frame began; a broken frame ends the process.
fn receive(f: &mut File) -> Option<Vec<u8>> {
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match f.read(&mut head[got..]) {
            Ok(0) if got == 0 => return None,
            Ok(0) | Err(_) => fatal("broken frame"),
            Ok(k) => got += k,
        }
    }
    let n = u32::from_le_bytes(head) as usize;
    if n > MAX_FRAME {
        fatal("oversized frame");
    }
    let mut d = vec![0u8; n];
    if f.read_exact(&mut d).is_err() {
        fatal("broken frame");
    }
    Some(d)
}

static CHANNEL: Mutex<Option<(File, File)>> = Mutex::new(None);

/// One call from the judge's stub into the candidate's process.
pub struct Call {
    o: Out,
    name: &'static str,
}

impl Call {
    pub fn new(index: u32, name: &'static str) -> Call {
        JUDGE_SIDE.store(true, Ordering::SeqCst);
        let mut o = Out(Vec::new());
        o.u32(index);
        Call { o, name }
    }
    pub fn arg<T: Put + ?Sized>(&mut self, v: &T) {
        v.put(&mut self.o);
    }
    /// The answer; a panic of the candidate's function is raised here again with its message.
    pub fn send(self) -> In {
        let _ = std::io::stdout().flush();
        let mut guard = CHANNEL.lock().unwrap_or_else(|e| e.into_inner());
        let (calls, answers) = guard.get_or_insert_with(|| unsafe { (File::from_raw_fd(CALLS), File::from_raw_fd(ANSWERS)) });
        if !send(calls, &self.o.0) {
            fatal(&format!("call to {}: the candidate process ended before the call", self.name));
        }
        let d = match receive(answers) {
            Some(d) => d,
            None => fatal(&format!("call to {}: the candidate process ended during the call", self.name)),
        };
        drop(guard);
        let mut i = In { d, i: 0 };
        match i.take(1)[0] {
            b'R' => i,
            b'P' => {
                let m = String::get(&mut i);
                panic!("{}", m)
            }
            _ => fatal(&format!("call to {}: the candidate's answer is malformed", self.name)),
        }
    }
}

/// The candidate's call server: reads calls on fd 3 and answers on fd 4 until the judge closes its end.
pub fn serve(dispatch: fn(u32, &mut In, &mut Out)) -> i32 {
    let mut calls = unsafe { File::from_raw_fd(CALLS) };
    let mut answers = unsafe { File::from_raw_fd(ANSWERS) };
    while let Some(d) = receive(&mut calls) {
        let mut i = In { d, i: 0 };
        let index = i.u32();
        let mut o = Out(vec![b'R']);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(index, &mut i, &mut o)));
        if let Err(p) = r {
            let m = p.downcast_ref::<&str>().map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            o = Out(vec![b'P']);
            m.put(&mut o);
        }
        let _ = std::io::stdout().flush();
        if !send(&mut answers, &o.0) {
            return 0;
        }
    }
    0
}

/// The in-process fallback's proof that a test body returned (or, for `#[should_panic]`, unwound): the token the
/// supervisor wrote on fd 3 goes back on fd 4. `std::process::exit(0)` inside the candidate never sends it.
pub struct TestGuard {
    should_panic: bool,
}

impl TestGuard {
    pub fn new(should_panic: bool) -> TestGuard {
        TestGuard { should_panic }
    }
    pub fn finish(self) {
        if !self.should_panic {
            done();
        }
    }
}

impl Drop for TestGuard {
    fn drop(&mut self) {
        if self.should_panic && std::thread::panicking() {
            done();
        }
    }
}

fn done() {
    let mut token = Vec::new();
    let mut from = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(CALLS) });
    let _ = from.read_to_end(&mut token);
    let mut to = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(ANSWERS) });
    let _ = to.write_all(&token);
}
