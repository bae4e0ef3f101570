package main

// Plain data across Arbiter's judge / candidate boundary, compiled into both sides (as arbiter_wire_test.go in the
// judge's test binary, as arbiter_wire.go in the candidate's call server). A value travels as a tree of nodes that
// name their Go type; only unnamed composite types and the predeclared basic types are plain data, so a type of the
// candidate's (a named type, a struct, a pointer, a func, an error) cannot cross. The reader rebuilds the value as
// exactly the declared type, or the type the node names where an interface{} was declared.

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"
)

type arbiterNode struct {
	T   string         `json:"t"`
	V   string         `json:"v,omitempty"`
	B   string         `json:"b,omitempty"`
	Nil bool           `json:"nil,omitempty"`
	E   []*arbiterNode `json:"e,omitempty"`
}

const arbiterMaxDepth = 64

var arbiterBasic = map[string]reflect.Type{}

func init() {
	for _, v := range []interface{}{false, int(0), int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0),
		uint32(0), uint64(0), uintptr(0), float32(0), float64(0), ""} {
		t := reflect.TypeOf(v)
		arbiterBasic[t.String()] = t
	}
}

var arbiterAny = reflect.TypeOf((*interface{})(nil)).Elem()

func arbiterPlain(t reflect.Type, depth int) error {
	if depth > arbiterMaxDepth {
		return fmt.Errorf("nested deeper than %d", arbiterMaxDepth)
	}
	if t == arbiterAny {
		return nil
	}
	if t.PkgPath() != "" || (t.Name() != "" && arbiterBasic[t.Name()] != t) {
		return fmt.Errorf("%s", t.String())
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return arbiterPlain(t.Elem(), depth+1)
	case reflect.Map:
		if err := arbiterPlain(t.Key(), depth+1); err != nil {
			return err
		}
		return arbiterPlain(t.Elem(), depth+1)
	}
	if arbiterBasic[t.String()] == t {
		return nil
	}
	return fmt.Errorf("%s", t.String())
}

func arbiterEncode(v reflect.Value, depth int) (*arbiterNode, error) {
	if depth > arbiterMaxDepth {
		return nil, fmt.Errorf("nested deeper than %d", arbiterMaxDepth)
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return &arbiterNode{T: "nil"}, nil
		}
		v = v.Elem()
	}
	t := v.Type()
	if err := arbiterPlain(t, depth); err != nil {
		return nil, err
	}
	n := &arbiterNode{T: t.String()}
	switch t.Kind() {
	case reflect.Bool:
		n.V = strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n.V = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n.V = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		n.V = strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.String:
		if s := v.String(); utf8.ValidString(s) {
			n.V = s
		} else {
			n.B = base64.StdEncoding.EncodeToString([]byte(s))
		}
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			n.Nil = true
			return n, nil
		}
		n.E = []*arbiterNode{}
		for i := 0; i < v.Len(); i++ {
			e, err := arbiterEncode(v.Index(i), depth+1)
			if err != nil {
				return nil, err
			}
			n.E = append(n.E, e)
		}
	case reflect.Map:
		if v.IsNil() {
			n.Nil = true
			return n, nil
		}
		n.E = []*arbiterNode{}
		it := v.MapRange()
		for it.Next() {
			k, err := arbiterEncode(it.Key(), depth+1)
			if err != nil {
				return nil, err
			}
			e, err := arbiterEncode(it.Value(), depth+1)
			if err != nil {
				return nil, err
			}
			n.E = append(n.E, k, e)
		}
	default:
		return nil, fmt.Errorf("%s", t.String())
	}
	return n, nil
}

// arbiterType builds the unnamed type a node names: basic types, []T, [N]T, map[K]V and interface {}.
func arbiterType(s string) (reflect.Type, error) {
	if t, ok := arbiterBasic[s]; ok {
		return t, nil
	}
	switch {
	case s == "interface {}":
		return arbiterAny, nil
	case strings.HasPrefix(s, "[]"):
		e, err := arbiterType(s[2:])
		if err != nil {
			return nil, err
		}
		return reflect.SliceOf(e), nil
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		n, err := strconv.Atoi(s[1:max0(end)])
		if end < 0 || err != nil || n < 0 || n > 1<<20 {
			return nil, fmt.Errorf("bad type %q", s)
		}
		e, err := arbiterType(s[end+1:])
		if err != nil {
			return nil, err
		}
		return reflect.ArrayOf(n, e), nil
	case strings.HasPrefix(s, "map["):
		depth := 0
		for i := 3; i < len(s); i++ {
			switch s[i] {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					k, err := arbiterType(s[4:i])
					if err != nil {
						return nil, err
					}
					v, err := arbiterType(s[i+1:])
					if err != nil {
						return nil, err
					}
					if !k.Comparable() {
						return nil, fmt.Errorf("bad map key %q", s)
					}
					return reflect.MapOf(k, v), nil
				}
			}
		}
	}
	return nil, fmt.Errorf("not plain data: %q", s)
}

func max0(i int) int {
	if i < 0 {
		return 0
	}
	return i
}

// arbiterDecode reads a node as the declared type (or, for interface{}, as the type the node names).
func arbiterDecode(n *arbiterNode, target reflect.Type, depth int) (reflect.Value, error) {
	if n == nil || depth > arbiterMaxDepth {
		return reflect.Value{}, fmt.Errorf("missing or too deep data")
	}
	if target == arbiterAny {
		out := reflect.New(arbiterAny).Elem()
		if n.T == "nil" {
			return out, nil
		}
		t, err := arbiterType(n.T)
		if err != nil {
			return out, err
		}
		v, err := arbiterDecode(n, t, depth)
		if err != nil {
			return out, err
		}
		out.Set(v)
		return out, nil
	}
	t, err := arbiterType(n.T)
	if err != nil {
		return reflect.Value{}, err
	}
	if t != target {
		return reflect.Value{}, fmt.Errorf("expected %s, got %s", target, n.T)
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Bool:
		b, err := strconv.ParseBool(n.V)
		if err != nil {
			return v, err
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(n.V, 10, t.Bits())
		if err != nil {
			return v, err
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u, err := strconv.ParseUint(n.V, 10, t.Bits())
		if err != nil {
			return v, err
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(n.V, t.Bits())
		if err != nil {
			return v, err
		}
		v.SetFloat(f)
	case reflect.String:
		if n.B != "" {
			b, err := base64.StdEncoding.DecodeString(n.B)
			if err != nil {
				return v, err
			}
			v.SetString(string(b))
		} else {
			v.SetString(n.V)
		}
	case reflect.Slice:
		if n.Nil {
			return v, nil
		}
		v.Set(reflect.MakeSlice(t, len(n.E), len(n.E)))
		for i, e := range n.E {
			ev, err := arbiterDecode(e, t.Elem(), depth+1)
			if err != nil {
				return v, err
			}
			v.Index(i).Set(ev)
		}
	case reflect.Array:
		if len(n.E) != t.Len() {
			return v, fmt.Errorf("expected %d elements", t.Len())
		}
		for i, e := range n.E {
			ev, err := arbiterDecode(e, t.Elem(), depth+1)
			if err != nil {
				return v, err
			}
			v.Index(i).Set(ev)
		}
	case reflect.Map:
		if n.Nil {
			return v, nil
		}
		if len(n.E)%2 != 0 {
			return v, fmt.Errorf("odd map data")
		}
		v.Set(reflect.MakeMapWithSize(t, len(n.E)/2))
		for i := 0; i < len(n.E); i += 2 {
			k, err := arbiterDecode(n.E[i], t.Key(), depth+1)
			if err != nil {
				return v, err
			}
			e, err := arbiterDecode(n.E[i+1], t.Elem(), depth+1)
			if err != nil {
				return v, err
			}
			v.SetMapIndex(k, e)
		}
	default:
		return v, fmt.Errorf("not plain data: %s", t)
	}
	return v, nil
}

// One call and its answer. Each frame is one line "@ARB <json>"; a line without the prefix is the candidate's own
// output and is relayed as such.
type arbiterRequest struct {
	Fn   string         `json:"fn"`
	Args []*arbiterNode `json:"args"`
}

type arbiterReply struct {
	Results []*arbiterNode `json:"results,omitempty"`
	After   []*arbiterNode `json:"after,omitempty"`
	Panic   string         `json:"panic,omitempty"`
	Invalid string         `json:"invalid,omitempty"`
}

const arbiterFrame = "@ARB "

// arbiterServe is the candidate's call server loop: requests on stdin, replies on the original stdout (the
// candidate's own prints go to stderr).
func arbiterServe(dispatch func(fn string, args []*arbiterNode) (results, after []interface{}, err error)) {
	fd, err := syscall.Dup(1)
	if err != nil {
		os.Exit(70)
	}
	syscall.Dup2(2, 1)
	out := bufio.NewWriter(os.NewFile(uintptr(fd), "calls"))
	in := bufio.NewReader(os.Stdin)
	for {
		line, err := in.ReadString('\n')
		if err != nil {
			return
		}
		var req arbiterRequest
		var reply arbiterReply
		if json.Unmarshal([]byte(line), &req) != nil {
			reply.Invalid = "bad request"
		} else {
			reply = arbiterAnswer(dispatch, req)
		}
		data, _ := json.Marshal(reply)
		out.WriteString(arbiterFrame)
		out.Write(data)
		out.WriteString("\n")
		out.Flush()
	}
}

func arbiterAnswer(dispatch func(string, []*arbiterNode) ([]interface{}, []interface{}, error), req arbiterRequest) (reply arbiterReply) {
	defer func() {
		if p := recover(); p != nil {
			reply = arbiterReply{Panic: fmt.Sprint(p)}
		}
	}()
	results, after, err := dispatch(req.Fn, req.Args)
	if err != nil {
		return arbiterReply{Invalid: err.Error()}
	}
	for _, r := range results {
		n, err := arbiterEncode(reflect.ValueOf(&r).Elem(), 0)
		if err != nil {
			return arbiterReply{Invalid: "the candidate returned a value that is not plain data (" + err.Error() + ")"}
		}
		reply.Results = append(reply.Results, n)
	}
	for _, a := range after {
		n, err := arbiterEncode(reflect.ValueOf(&a).Elem(), 0)
		if err != nil {
			n = &arbiterNode{T: "nil"}
		}
		reply.After = append(reply.After, n)
	}
	return reply
}

// arbiterArg decodes argument i of a call into the declared parameter (a pointer to it).
func arbiterArg(args []*arbiterNode, i int, ptr interface{}) error {
	if i >= len(args) {
		return fmt.Errorf("missing argument %d", i)
	}
	target := reflect.ValueOf(ptr).Elem()
	v, err := arbiterDecode(args[i], target.Type(), 0)
	if err != nil {
		return err
	}
	target.Set(v)
	return nil
}

func arbiterNoFunction(fn string) error {
	return fmt.Errorf("the candidate defines no function %s", fn)
}
