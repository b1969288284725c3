package migratekit_uniffi

// #include <migratekit_uniffi.h>
import "C"

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// This is needed, because as of go 1.24
// type RustBuffer C.RustBuffer cannot have methods,
// RustBuffer is treated as non-local type
type GoRustBuffer struct {
	inner C.RustBuffer
}

type RustBufferI interface {
	AsReader() *bytes.Reader
	Free()
	ToGoBytes() []byte
	Data() unsafe.Pointer
	Len() uint64
	Capacity() uint64
}

// C.RustBuffer fields exposed as an interface so they can be accessed in different Go packages.
// See https://github.com/golang/go/issues/13467
type ExternalCRustBuffer interface {
	Data() unsafe.Pointer
	Len() uint64
	Capacity() uint64
}

func RustBufferFromC(b C.RustBuffer) ExternalCRustBuffer {
	return GoRustBuffer{
		inner: b,
	}
}

func CFromRustBuffer(b ExternalCRustBuffer) C.RustBuffer {
	return C.RustBuffer{
		capacity: C.uint64_t(b.Capacity()),
		len:      C.uint64_t(b.Len()),
		data:     (*C.uchar)(b.Data()),
	}
}

func RustBufferFromExternal(b ExternalCRustBuffer) GoRustBuffer {
	return GoRustBuffer{
		inner: C.RustBuffer{
			capacity: C.uint64_t(b.Capacity()),
			len:      C.uint64_t(b.Len()),
			data:     (*C.uchar)(b.Data()),
		},
	}
}

func (cb GoRustBuffer) Capacity() uint64 {
	return uint64(cb.inner.capacity)
}

func (cb GoRustBuffer) Len() uint64 {
	return uint64(cb.inner.len)
}

func (cb GoRustBuffer) Data() unsafe.Pointer {
	return unsafe.Pointer(cb.inner.data)
}

func (cb GoRustBuffer) AsReader() *bytes.Reader {
	b := unsafe.Slice((*byte)(cb.inner.data), C.uint64_t(cb.inner.len))
	return bytes.NewReader(b)
}

func (cb GoRustBuffer) Free() {
	rustCall(func(status *C.RustCallStatus) bool {
		C.ffi_migratekit_uniffi_rustbuffer_free(cb.inner, status)
		return false
	})
}

func (cb GoRustBuffer) ToGoBytes() []byte {
	return C.GoBytes(unsafe.Pointer(cb.inner.data), C.int(cb.inner.len))
}

func stringToRustBuffer(str string) C.RustBuffer {
	return bytesToRustBuffer([]byte(uniffiValidUTF8(str)))
}

func bytesToRustBuffer(b []byte) C.RustBuffer {
	if len(b) == 0 {
		return C.RustBuffer{}
	}
	// We can pass the pointer along here, as it is pinned
	// for the duration of this call
	foreign := C.ForeignBytes{
		len:  C.int(len(b)),
		data: (*C.uchar)(unsafe.Pointer(&b[0])),
	}

	return rustCall(func(status *C.RustCallStatus) C.RustBuffer {
		return C.ffi_migratekit_uniffi_rustbuffer_from_bytes(foreign, status)
	})
}

type BufLifter[GoType any] interface {
	Lift(value RustBufferI) GoType
}

type BufLowerer[GoType any] interface {
	Lower(value GoType) C.RustBuffer
}

type BufReader[GoType any] interface {
	Read(reader io.Reader) GoType
}

type BufWriter[GoType any] interface {
	Write(writer io.Writer, value GoType)
}

func LowerIntoRustBuffer[GoType any](bufWriter BufWriter[GoType], value GoType) C.RustBuffer {
	// This might be not the most efficient way but it does not require knowing allocation size
	// beforehand
	var buffer bytes.Buffer
	bufWriter.Write(&buffer, value)

	bytes, err := io.ReadAll(&buffer)
	if err != nil {
		panic(fmt.Errorf("reading written data: %w", err))
	}
	return bytesToRustBuffer(bytes)
}

func LiftFromRustBuffer[GoType any](bufReader BufReader[GoType], rbuf RustBufferI) GoType {
	defer rbuf.Free()
	reader := rbuf.AsReader()
	item := bufReader.Read(reader)
	if reader.Len() > 0 {
		// TODO: Remove this
		leftover, _ := io.ReadAll(reader)
		panic(fmt.Errorf("Junk remaining in buffer after lifting: %s", string(leftover)))
	}
	return item
}

func rustCallWithError[E any, U any](converter BufReader[E], callback func(*C.RustCallStatus) U) (U, E) {
	var status C.RustCallStatus
	returnValue := callback(&status)
	err := checkCallStatus(converter, status)
	return returnValue, err
}

func checkCallStatus[E any](converter BufReader[E], status C.RustCallStatus) E {
	switch status.code {
	case 0:
		var zero E
		return zero
	case 1:
		return LiftFromRustBuffer(converter, GoRustBuffer{inner: status.errorBuf})
	case 2:
		// when the rust code sees a panic, it tries to construct a rustBuffer
		// with the message.  but if that code panics, then it just sends back
		// an empty buffer.
		if status.errorBuf.len > 0 {
			msg := FfiConverterStringINSTANCE.Lift(GoRustBuffer{inner: status.errorBuf})
			if e, ok := uniffiCallFailure(converter, msg); ok {
				return e
			}
			panic(fmt.Errorf("%s", msg))
		} else {
			panic(fmt.Errorf("Rust panicked while handling Rust panic"))
		}
	default:
		panic(fmt.Errorf("unknown status code: %d", status.code))
	}
}

func checkCallStatusUnknown(status C.RustCallStatus) error {
	switch status.code {
	case 0:
		return nil
	case 1:
		panic(fmt.Errorf("function not returning an error returned an error"))
	case 2:
		// when the rust code sees a panic, it tries to construct a C.RustBuffer
		// with the message.  but if that code panics, then it just sends back
		// an empty buffer.
		if status.errorBuf.len > 0 {
			panic(fmt.Errorf("%s", FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: status.errorBuf,
			})))
		} else {
			panic(fmt.Errorf("Rust panicked while handling Rust panic"))
		}
	default:
		return fmt.Errorf("unknown status code: %d", status.code)
	}
}

func rustCall[U any](callback func(*C.RustCallStatus) U) U {
	returnValue, err := rustCallWithError[error](nil, callback)
	if err != nil {
		panic(err)
	}
	return returnValue
}

type NativeError interface {
	AsError() error
}

func writeInt8(writer io.Writer, value int8) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeUint8(writer io.Writer, value uint8) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeInt16(writer io.Writer, value int16) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeUint16(writer io.Writer, value uint16) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeInt32(writer io.Writer, value int32) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeUint32(writer io.Writer, value uint32) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeInt64(writer io.Writer, value int64) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeUint64(writer io.Writer, value uint64) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeFloat32(writer io.Writer, value float32) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func writeFloat64(writer io.Writer, value float64) {
	if err := binary.Write(writer, binary.BigEndian, value); err != nil {
		panic(err)
	}
}

func readInt8(reader io.Reader) int8 {
	var result int8
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readUint8(reader io.Reader) uint8 {
	var result uint8
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readInt16(reader io.Reader) int16 {
	var result int16
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readUint16(reader io.Reader) uint16 {
	var result uint16
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readInt32(reader io.Reader) int32 {
	var result int32
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readUint32(reader io.Reader) uint32 {
	var result uint32
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readInt64(reader io.Reader) int64 {
	var result int64
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readUint64(reader io.Reader) uint64 {
	var result uint64
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readFloat32(reader io.Reader) float32 {
	var result float32
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func readFloat64(reader io.Reader) float64 {
	var result float64
	if err := binary.Read(reader, binary.BigEndian, &result); err != nil {
		panic(err)
	}
	return result
}

func init() {

	FfiConverterBulkProgressListenerINSTANCE.register()
	FfiConverterNbdExporterINSTANCE.register()
	FfiConverterTargetCloudINSTANCE.register()
	FfiConverterVolumeDaemonINSTANCE.register()
	uniffiCheckChecksums()
}

func uniffiCheckChecksums() {
	// Get the bindings contract version from our ComponentInterface
	bindingsContractVersion := 30
	// Get the scaffolding contract version by calling the into the dylib
	scaffoldingContractVersion := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint32_t {
		return C.ffi_migratekit_uniffi_uniffi_contract_version()
	})
	if bindingsContractVersion != int(scaffoldingContractVersion) {
		// If this happens try cleaning and rebuilding your project
		panic("migratekit_uniffi: UniFFI contract version mismatch")
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_func_operations()
		})
		if checksum != 54209 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_func_operations: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_func_answer_json()
		})
		if checksum != 45555 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_func_answer_json: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_func_parse_request()
		})
		if checksum != 55279 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_func_parse_request: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_abort_operation()
		})
		if checksum != 5148 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_abort_operation: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_add_to_group()
		})
		if checksum != 29341 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_add_to_group: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_add_to_management()
		})
		if checksum != 30858 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_add_to_management: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_add_to_management_bulk()
		})
		if checksum != 50082 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_add_to_management_bulk: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_advance_clock()
		})
		if checksum != 595 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_advance_clock: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_attach_schedule()
		})
		if checksum != 22966 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_attach_schedule: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_call()
		})
		if checksum != 49577 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_call: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_cancel_job()
		})
		if checksum != 45765 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_cancel_job: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_cleanup_test_failover()
		})
		if checksum != 41072 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_cleanup_test_failover: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_complete_job()
		})
		if checksum != 36123 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_complete_job: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_complete_migration()
		})
		if checksum != 2498 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_complete_migration: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_create_group()
		})
		if checksum != 12245 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_create_group: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_create_migration()
		})
		if checksum != 53111 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_create_migration: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_create_schedule()
		})
		if checksum != 11718 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_create_schedule: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_delete_job()
		})
		if checksum != 5031 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_delete_job: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_fail_job()
		})
		if checksum != 24042 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_fail_job: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_flush_job_log()
		})
		if checksum != 29789 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_flush_job_log: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_get_context()
		})
		if checksum != 38814 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_get_context: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_get_group()
		})
		if checksum != 9901 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_get_group: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_get_job()
		})
		if checksum != 52807 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_get_job: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_contexts()
		})
		if checksum != 9660 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_contexts: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_failover_jobs()
		})
		if checksum != 7606 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_failover_jobs: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_groups()
		})
		if checksum != 349 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_groups: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_jobs()
		})
		if checksum != 38713 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_jobs: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_schedule_executions()
		})
		if checksum != 28546 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_schedule_executions: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_schedules()
		})
		if checksum != 50726 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_schedules: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_list_volumes()
		})
		if checksum != 58021 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_list_volumes: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_live_failover()
		})
		if checksum != 55903 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_live_failover: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_log_job()
		})
		if checksum != 37745 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_log_job: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_log_jobs()
		})
		if checksum != 55984 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_log_jobs: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_prune_job_log()
		})
		if checksum != 19611 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_prune_job_log: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_reconcile()
		})
		if checksum != 31215 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_reconcile: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_remove_from_group()
		})
		if checksum != 48100 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_remove_from_group: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_remove_from_management()
		})
		if checksum != 57204 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_remove_from_management: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_rollback_live_failover()
		})
		if checksum != 9669 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_rollback_live_failover: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_run_due_schedules()
		})
		if checksum != 50815 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_run_due_schedules: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_set_schedule_enabled()
		})
		if checksum != 62724 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_set_schedule_enabled: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_test_failover()
		})
		if checksum != 61697 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_test_failover: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_time_calls()
		})
		if checksum != 51276 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_time_calls: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_manager_update_job_progress()
		})
		if checksum != 42023 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_manager_update_job_progress: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_bulkprogresslistener_on_progress()
		})
		if checksum != 62761 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_bulkprogresslistener_on_progress: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_nbdexporter_create_export()
		})
		if checksum != 35820 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_nbdexporter_create_export: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_nbdexporter_remove_export()
		})
		if checksum != 54900 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_nbdexporter_remove_export: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_nbdexporter_list_exports()
		})
		if checksum != 49281 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_nbdexporter_list_exports: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_targetcloud_create_vm()
		})
		if checksum != 9731 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_targetcloud_create_vm: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_targetcloud_power_on()
		})
		if checksum != 35936 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_targetcloud_power_on: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_targetcloud_power_off()
		})
		if checksum != 61859 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_targetcloud_power_off: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_targetcloud_delete_vm()
		})
		if checksum != 27939 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_targetcloud_delete_vm: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_targetcloud_get_vm()
		})
		if checksum != 49655 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_targetcloud_get_vm: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_targetcloud_find_vm_by_name()
		})
		if checksum != 56533 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_targetcloud_find_vm_by_name: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_create_volume()
		})
		if checksum != 20794 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_create_volume: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_clone_volume()
		})
		if checksum != 6885 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_clone_volume: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_attach_volume()
		})
		if checksum != 57774 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_attach_volume: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_detach_volume()
		})
		if checksum != 28136 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_detach_volume: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_delete_volume()
		})
		if checksum != 6780 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_delete_volume: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_get_volume()
		})
		if checksum != 62416 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_get_volume: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_method_volumedaemon_list_volumes()
		})
		if checksum != 57879 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_method_volumedaemon_list_volumes: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_constructor_manager_open()
		})
		if checksum != 52650 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_constructor_manager_open: UniFFI API checksum mismatch")
		}
	}
	{
		checksum := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint16_t {
			return C.uniffi_migratekit_uniffi_checksum_constructor_manager_open_with_ports()
		})
		if checksum != 8747 {
			// If this happens try cleaning and rebuilding your project
			panic("migratekit_uniffi: uniffi_migratekit_uniffi_checksum_constructor_manager_open_with_ports: UniFFI API checksum mismatch")
		}
	}
}

type FfiConverterUint16 struct{}

var FfiConverterUint16INSTANCE = FfiConverterUint16{}

func (FfiConverterUint16) Lower(value uint16) C.uint16_t {
	return C.uint16_t(value)
}

func (FfiConverterUint16) Write(writer io.Writer, value uint16) {
	writeUint16(writer, value)
}

func (FfiConverterUint16) Lift(value C.uint16_t) uint16 {
	return uint16(value)
}

func (FfiConverterUint16) Read(reader io.Reader) uint16 {
	return readUint16(reader)
}

type FfiDestroyerUint16 struct{}

func (FfiDestroyerUint16) Destroy(_ uint16) {}

type FfiConverterUint32 struct{}

var FfiConverterUint32INSTANCE = FfiConverterUint32{}

func (FfiConverterUint32) Lower(value uint32) C.uint32_t {
	return C.uint32_t(value)
}

func (FfiConverterUint32) Write(writer io.Writer, value uint32) {
	writeUint32(writer, value)
}

func (FfiConverterUint32) Lift(value C.uint32_t) uint32 {
	return uint32(value)
}

func (FfiConverterUint32) Read(reader io.Reader) uint32 {
	return readUint32(reader)
}

type FfiDestroyerUint32 struct{}

func (FfiDestroyerUint32) Destroy(_ uint32) {}

type FfiConverterUint64 struct{}

var FfiConverterUint64INSTANCE = FfiConverterUint64{}

func (FfiConverterUint64) Lower(value uint64) C.uint64_t {
	return C.uint64_t(value)
}

func (FfiConverterUint64) Write(writer io.Writer, value uint64) {
	writeUint64(writer, value)
}

func (FfiConverterUint64) Lift(value C.uint64_t) uint64 {
	return uint64(value)
}

func (FfiConverterUint64) Read(reader io.Reader) uint64 {
	return readUint64(reader)
}

type FfiDestroyerUint64 struct{}

func (FfiDestroyerUint64) Destroy(_ uint64) {}

type FfiConverterInt64 struct{}

var FfiConverterInt64INSTANCE = FfiConverterInt64{}

func (FfiConverterInt64) Lower(value int64) C.int64_t {
	return C.int64_t(value)
}

func (FfiConverterInt64) Write(writer io.Writer, value int64) {
	writeInt64(writer, value)
}

func (FfiConverterInt64) Lift(value C.int64_t) int64 {
	return int64(value)
}

func (FfiConverterInt64) Read(reader io.Reader) int64 {
	return readInt64(reader)
}

type FfiDestroyerInt64 struct{}

func (FfiDestroyerInt64) Destroy(_ int64) {}

type FfiConverterFloat64 struct{}

var FfiConverterFloat64INSTANCE = FfiConverterFloat64{}

func (FfiConverterFloat64) Lower(value float64) C.double {
	return C.double(value)
}

func (FfiConverterFloat64) Write(writer io.Writer, value float64) {
	writeFloat64(writer, value)
}

func (FfiConverterFloat64) Lift(value C.double) float64 {
	return float64(value)
}

func (FfiConverterFloat64) Read(reader io.Reader) float64 {
	return readFloat64(reader)
}

type FfiDestroyerFloat64 struct{}

func (FfiDestroyerFloat64) Destroy(_ float64) {}

type FfiConverterBool struct{}

var FfiConverterBoolINSTANCE = FfiConverterBool{}

func (FfiConverterBool) Lower(value bool) C.int8_t {
	if value {
		return C.int8_t(1)
	}
	return C.int8_t(0)
}

func (FfiConverterBool) Write(writer io.Writer, value bool) {
	if value {
		writeInt8(writer, 1)
	} else {
		writeInt8(writer, 0)
	}
}

func (FfiConverterBool) Lift(value C.int8_t) bool {
	return value != 0
}

func (FfiConverterBool) Read(reader io.Reader) bool {
	return readInt8(reader) != 0
}

type FfiDestroyerBool struct{}

func (FfiDestroyerBool) Destroy(_ bool) {}

type FfiConverterString struct{}

var FfiConverterStringINSTANCE = FfiConverterString{}

func (FfiConverterString) Lift(rb RustBufferI) string {
	defer rb.Free()
	reader := rb.AsReader()
	b, err := io.ReadAll(reader)
	if err != nil {
		panic(fmt.Errorf("reading reader: %w", err))
	}
	return string(b)
}

func (FfiConverterString) Read(reader io.Reader) string {
	length := readInt32(reader)
	buffer := make([]byte, length)
	read_length, err := reader.Read(buffer)
	if err != nil && err != io.EOF {
		panic(err)
	}
	if read_length != int(length) {
		panic(fmt.Errorf("bad read length when reading string, expected %d, read %d", length, read_length))
	}
	return string(buffer)
}

func (FfiConverterString) Lower(value string) C.RustBuffer {
	return stringToRustBuffer(value)
}

func (c FfiConverterString) LowerExternal(value string) ExternalCRustBuffer {
	return RustBufferFromC(stringToRustBuffer(value))
}

func (FfiConverterString) Write(writer io.Writer, value string) {
	value = uniffiValidUTF8(value)
	if len(value) > math.MaxInt32 {
		panic("String is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	write_length, err := io.WriteString(writer, value)
	if err != nil {
		panic(err)
	}
	if write_length != len(value) {
		panic(fmt.Errorf("bad write length when writing string, expected %d, written %d", len(value), write_length))
	}
}

type FfiDestroyerString struct{}

func (FfiDestroyerString) Destroy(_ string) {}

type FfiConverterTimestamp struct{}

var FfiConverterTimestampINSTANCE = FfiConverterTimestamp{}

func (c FfiConverterTimestamp) Lift(rb RustBufferI) time.Time {
	return LiftFromRustBuffer[time.Time](c, rb)
}

func (c FfiConverterTimestamp) Read(reader io.Reader) time.Time {
	sec := readInt64(reader)
	nsec := readUint32(reader)

	var sign int64 = 1
	if sec < 0 {
		sign = -1
	}

	return time.Unix(sec, int64(nsec)*sign)
}

func (c FfiConverterTimestamp) Lower(value time.Time) C.RustBuffer {
	return LowerIntoRustBuffer[time.Time](c, value)
}

func (c FfiConverterTimestamp) LowerExternal(value time.Time) ExternalCRustBuffer {
	return RustBufferFromC(c.Lower(value))
}

func (c FfiConverterTimestamp) Write(writer io.Writer, value time.Time) {
	sec := value.Unix()
	nsec := uint32(value.Nanosecond())
	if value.Unix() < 0 {
		nsec = 1_000_000_000 - nsec
		sec += 1
	}

	writeInt64(writer, sec)
	writeUint32(writer, nsec)
}

type FfiDestroyerTimestamp struct{}

func (FfiDestroyerTimestamp) Destroy(_ time.Time) {}

// FfiConverterDuration converts between uniffi duration and Go duration.
type FfiConverterDuration struct{}

var FfiConverterDurationINSTANCE = FfiConverterDuration{}

func (c FfiConverterDuration) Lift(rb RustBufferI) time.Duration {
	return LiftFromRustBuffer[time.Duration](c, rb)
}

func (c FfiConverterDuration) Read(reader io.Reader) time.Duration {
	sec := readUint64(reader)
	nsec := readUint32(reader)
	return time.Duration(sec*1_000_000_000 + uint64(nsec))
}

func (c FfiConverterDuration) Lower(value time.Duration) C.RustBuffer {
	return LowerIntoRustBuffer[time.Duration](c, value)
}

func (c FfiConverterDuration) LowerExternal(value time.Duration) ExternalCRustBuffer {
	return RustBufferFromC(c.Lower(value))
}

func (c FfiConverterDuration) Write(writer io.Writer, value time.Duration) {
	if value.Nanoseconds() < 0 {
		// Rust does not support negative durations:
		// https://www.reddit.com/r/rust/comments/ljl55u/why_rusts_duration_not_supporting_negative_values/
		// This panic is very bad, because it depends on user input, and in Go user input related
		// error are supposed to be returned as errors, and not cause panics. However, with the
		// current architecture, its not possible to return an error from here, so panic is used as
		// the only other option to signal an error.
		panic("negative duration is not allowed")
	}

	writeUint64(writer, uint64(value)/1_000_000_000)
	writeUint32(writer, uint32(uint64(value)%1_000_000_000))
}

type FfiDestroyerDuration struct{}

func (FfiDestroyerDuration) Destroy(_ time.Duration) {}

// Below is an implementation of synchronization requirements outlined in the link.
// https://github.com/mozilla/uniffi-rs/blob/0dc031132d9493ca812c3af6e7dd60ad2ea95bf0/uniffi_bindgen/src/bindings/kotlin/templates/ObjectRuntime.kt#L31

type FfiObject struct {
	handle        C.uint64_t
	callCounter   atomic.Int64
	cloneFunction func(C.uint64_t, *C.RustCallStatus) C.uint64_t
	freeFunction  func(C.uint64_t, *C.RustCallStatus)
	destroyed     atomic.Bool
}

func newFfiObject(
	handle C.uint64_t,
	cloneFunction func(C.uint64_t, *C.RustCallStatus) C.uint64_t,
	freeFunction func(C.uint64_t, *C.RustCallStatus),
) FfiObject {
	return FfiObject{
		handle:        handle,
		cloneFunction: cloneFunction,
		freeFunction:  freeFunction,
	}
}

func (ffiObject *FfiObject) incrementPointer(debugName string) C.uint64_t {
	for {
		counter := ffiObject.callCounter.Load()
		if counter <= -1 {
			panic(fmt.Errorf("%v object has already been destroyed", debugName))
		}
		if counter == math.MaxInt64 {
			panic(fmt.Errorf("%v object call counter would overflow", debugName))
		}
		if ffiObject.callCounter.CompareAndSwap(counter, counter+1) {
			break
		}
	}

	return rustCall(func(status *C.RustCallStatus) C.uint64_t {
		return ffiObject.cloneFunction(ffiObject.handle, status)
	})
}

func (ffiObject *FfiObject) decrementPointer() {
	if ffiObject.callCounter.Add(-1) == -1 {
		ffiObject.freeRustArcPtr()
	}
}

func (ffiObject *FfiObject) destroy() {
	if ffiObject.destroyed.CompareAndSwap(false, true) {
		if ffiObject.callCounter.Add(-1) == -1 {
			ffiObject.freeRustArcPtr()
		}
	}
}

func (ffiObject *FfiObject) freeRustArcPtr() {
	if ffiObject.handle == 0 {
		return
	}
	rustCall(func(status *C.RustCallStatus) int32 {
		ffiObject.freeFunction(ffiObject.handle, status)
		return 0
	})
}

// Hears the progress of `add_to_management_bulk`, after each batch.
type BulkProgressListener interface {
	// `progress.done` of `progress.total` VMs processed. An error is logged
	// and ignored: progress never fails the call.
	OnProgress(progress migratekit_core.BulkProgress) error
}

// Hears the progress of `add_to_management_bulk`, after each batch.
type BulkProgressListenerImpl struct {
	ffiObject FfiObject
}

// `progress.done` of `progress.total` VMs processed. An error is logged
// and ignored: progress never fails the call.
func (_self *BulkProgressListenerImpl) OnProgress(progress migratekit_core.BulkProgress) error {
	_pointer := _self.ffiObject.incrementPointer("BulkProgressListener")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_bulkprogresslistener_on_progress(
			_pointer,
			CFromRustBuffer(migratekit_core.FfiConverterBulkProgressINSTANCE.LowerExternal(progress)), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}
func (object *BulkProgressListenerImpl) Destroy() {
	runtime.SetFinalizer(object, nil)
	object.ffiObject.destroy()
}

type FfiConverterBulkProgressListener struct {
	handleMap *concurrentHandleMap[BulkProgressListener]
}

var FfiConverterBulkProgressListenerINSTANCE = FfiConverterBulkProgressListener{
	handleMap: newConcurrentHandleMap[BulkProgressListener](),
}

func (c FfiConverterBulkProgressListener) Lift(handle C.uint64_t) BulkProgressListener {
	if uint64(handle)&1 == 0 {
		// Rust-generated handle (even), construct a new object wrapping the handle
		result := &BulkProgressListenerImpl{
			newFfiObject(
				handle,
				func(handle C.uint64_t, status *C.RustCallStatus) C.uint64_t {
					return C.uniffi_migratekit_uniffi_fn_clone_bulkprogresslistener(handle, status)
				},
				func(handle C.uint64_t, status *C.RustCallStatus) {
					C.uniffi_migratekit_uniffi_fn_free_bulkprogresslistener(handle, status)
				},
			),
		}
		runtime.SetFinalizer(result, (*BulkProgressListenerImpl).Destroy)
		return result
	} else {
		// Go-generated handle (odd), retrieve from the handle map
		val, ok := c.handleMap.tryGet(uint64(handle))
		if !ok {
			panic(fmt.Errorf("no callback in handle map: %d", handle))
		}
		c.handleMap.remove(uint64(handle))
		return val
	}
}

func (c FfiConverterBulkProgressListener) Read(reader io.Reader) BulkProgressListener {
	return c.Lift(C.uint64_t(readUint64(reader)))
}

func (c FfiConverterBulkProgressListener) Lower(value BulkProgressListener) C.uint64_t {
	// TODO: this is bad - all synchronization from ObjectRuntime.go is discarded here,
	// because the handle will be decremented immediately after this function returns,
	// and someone will be left holding onto a non-locked handle.
	if val, ok := value.(*BulkProgressListenerImpl); ok {
		// Rust-backed object, clone the handle
		handle := val.ffiObject.incrementPointer("BulkProgressListener")
		defer val.ffiObject.decrementPointer()
		return handle
	} else {
		// Go-backed object, insert into handle map
		return C.uint64_t(c.handleMap.insert(value))
	}
}

func (c FfiConverterBulkProgressListener) Write(writer io.Writer, value BulkProgressListener) {
	writeUint64(writer, uint64(c.Lower(value)))
}

func LiftFromExternalBulkProgressListener(handle uint64) BulkProgressListener {
	return FfiConverterBulkProgressListenerINSTANCE.Lift(C.uint64_t(handle))
}

func LowerToExternalBulkProgressListener(value BulkProgressListener) uint64 {
	return uint64(FfiConverterBulkProgressListenerINSTANCE.Lower(value))
}

type FfiDestroyerBulkProgressListener struct{}

func (_ FfiDestroyerBulkProgressListener) Destroy(value BulkProgressListener) {
	if val, ok := value.(*BulkProgressListenerImpl); ok {
		val.Destroy()
	}
}

type uniffiCallbackResult C.int8_t

const (
	uniffiIdxCallbackFree               uniffiCallbackResult = 0
	uniffiCallbackResultSuccess         uniffiCallbackResult = 0
	uniffiCallbackResultError           uniffiCallbackResult = 1
	uniffiCallbackUnexpectedResultError uniffiCallbackResult = 2
	uniffiCallbackCancelled             uniffiCallbackResult = 3
)

type concurrentHandleMap[T any] struct {
	handles       map[uint64]T
	currentHandle uint64
	lock          sync.RWMutex
}

func newConcurrentHandleMap[T any]() *concurrentHandleMap[T] {
	return &concurrentHandleMap[T]{
		handles:       map[uint64]T{},
		currentHandle: 1,
	}
}

func (cm *concurrentHandleMap[T]) insert(obj T) uint64 {
	cm.lock.Lock()
	defer cm.lock.Unlock()

	handle := cm.currentHandle
	cm.currentHandle = cm.currentHandle + 2
	cm.handles[handle] = obj
	return handle
}

func (cm *concurrentHandleMap[T]) remove(handle uint64) {
	cm.lock.Lock()
	defer cm.lock.Unlock()

	delete(cm.handles, handle)
}

func (cm *concurrentHandleMap[T]) tryGet(handle uint64) (T, bool) {
	cm.lock.RLock()
	defer cm.lock.RUnlock()

	val, ok := cm.handles[handle]
	return val, ok
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerMethod0
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerMethod0(uniffiHandle C.uint64_t, progress C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("BulkProgressListener.OnProgress", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterBulkProgressListenerINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.OnProgress(
			migratekit_core.FfiConverterBulkProgressINSTANCE.Lift(GoRustBuffer{
				inner: progress,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

var UniffiVTableCallbackInterfaceBulkProgressListenerINSTANCE = C.UniffiVTableCallbackInterfaceBulkProgressListener{
	uniffiFree:  (C.UniffiCallbackInterfaceFree)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerFree),
	uniffiClone: (C.UniffiCallbackInterfaceClone)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerClone),
	onProgress:  (C.UniffiCallbackInterfaceBulkProgressListenerMethod0)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerMethod0),
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerFree
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerFree(handle C.uint64_t) {
	FfiConverterBulkProgressListenerINSTANCE.handleMap.remove(uint64(handle))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerClone
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceBulkProgressListenerClone(handle C.uint64_t) C.uint64_t {
	val, ok := FfiConverterBulkProgressListenerINSTANCE.handleMap.tryGet(uint64(handle))
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}
	return C.uint64_t(FfiConverterBulkProgressListenerINSTANCE.handleMap.insert(val))
}

func (c FfiConverterBulkProgressListener) register() {
	C.uniffi_migratekit_uniffi_fn_init_callback_vtable_bulkprogresslistener(&UniffiVTableCallbackInterfaceBulkProgressListenerINSTANCE)
}

// A migratekit manager on one SQLite file: every operation of the
// registry as a blocking method, safe to call from many threads at once.
type ManagerInterface interface {
	// Abandons a test or live failover that failed part-way, undoing it.
	AbortOperation(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error)
	// Puts a context in a group, with a priority (lower runs first).
	AddToGroup(request migratekit_core.AddToGroupRequest) (migratekit_core.GroupMember, error)
	// Adds a VM to management without replicating it.
	AddToManagement(request migratekit_core.AddToManagementRequest) (migratekit_core.ContextCreated, error)
	// Adds many VMs at once: one result per VM, and `progress` after each
	// batch.
	AddToManagementBulk(vms []migratekit_core.AddToManagementRequest, progress *BulkProgressListener) (migratekit_core.BulkAddResponse, error)
	// Moves the manual clock (managers opened with `now` only).
	AdvanceClock(seconds int64) error
	// Attaches a schedule to a group (`None` detaches).
	AttachSchedule(groupId string, scheduleId *string) (migratekit_core.VmGroup, error)
	// Runs any operation by wire name with its JSON body (empty is `{}`);
	// answers the JSON answer body.
	Call(operation string, body string) (string, error)
	// Cancels a job; the context returns to its status before the job.
	CancelJob(jobId string) (migratekit_core.ReplicationJob, error)
	// Removes the test VM and its clones.
	CleanupTestFailover(target migratekit_core.FailoverTarget) (migratekit_core.FailoverResult, error)
	// The host reports a job done, with one CBT change id per disk.
	CompleteJob(request migratekit_core.CompleteJobRequest) (migratekit_core.ReplicationJob, error)
	// Finalises a live failover.
	CompleteMigration(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error)
	// Creates a group of contexts.
	CreateGroup(request migratekit_core.CreateGroupRequest) (migratekit_core.VmGroup, error)
	// `create_migration`: adds a VM to management (`start_replication:
	// false`) or starts replication (absent or `true`), with duplicate
	// protection.
	CreateMigration(request migratekit_core.CreateMigrationRequest) (migratekit_core.CreateMigrationResponse, error)
	// Creates a replication schedule.
	CreateSchedule(request migratekit_core.CreateScheduleRequest) (migratekit_core.Schedule, error)
	// Deletes a finished job with the volumes and exports it created.
	DeleteJob(jobId string) (migratekit_core.JobDeleted, error)
	// The host reports a job failed.
	FailJob(request migratekit_core.FailJobRequest) (migratekit_core.ReplicationJob, error)
	// Makes every job-log record written so far durable.
	FlushJobLog() error
	// One context, by id, by vCenter + `vmware_vm_id`, or by name.
	GetContext(reference migratekit_core.ContextRef) (migratekit_core.ReplicationContext, error)
	// A group with its members.
	GetGroup(groupId string) (migratekit_core.GroupDetails, error)
	// One replication job.
	GetJob(jobId string) (migratekit_core.ReplicationJob, error)
	// A page of contexts.
	ListContexts(filter migratekit_core.ContextFilter) (ContextPage, error)
	// A context's failover jobs, newest first.
	ListFailoverJobs(reference migratekit_core.ContextRef) ([]migratekit_core.FailoverJob, error)
	// Every group.
	ListGroups() ([]migratekit_core.VmGroup, error)
	// A page of jobs, newest first.
	ListJobs(filter migratekit_core.JobFilter) (JobPage, error)
	// Schedule executions, newest first.
	ListScheduleExecutions(scheduleId *string, limit *uint32) ([]migratekit_core.ScheduleExecution, error)
	// Every schedule.
	ListSchedules() ([]migratekit_core.Schedule, error)
	// The volumes recorded on a context.
	ListVolumes(reference migratekit_core.ContextRef) ([]migratekit_core.VolumeRecord, error)
	// Cuts over to the target cloud.
	LiveFailover(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error)
	// One log job with its steps and events.
	LogJob(jobId string) (migratekit_core.LogJob, error)
	// Log jobs, newest first.
	LogJobs(filter migratekit_core.LogFilter) (LogJobPage, error)
	// Deletes log jobs finished before `before`; answers how many.
	PruneJobLog(before migratekit_core.UtcTime) (uint64, error)
	// Compares the records with the volume daemon and the exporter; a plan,
	// carried out only with `apply`.
	Reconcile(request migratekit_core.ReconcileRequest) (migratekit_core.ReconcileReport, error)
	// Takes a context out of its group.
	RemoveFromGroup(contextId string) error
	// Removes a VM from management, cascading (the job log is kept).
	RemoveFromManagement(reference migratekit_core.ContextRef) (migratekit_core.Removed, error)
	// Undoes a live failover.
	RollbackLiveFailover(target migratekit_core.FailoverTarget) (migratekit_core.FailoverResult, error)
	// Runs every schedule due at `now` (default: the clock's now).
	RunDueSchedules(now *migratekit_core.UtcTime) ([]migratekit_core.ScheduleExecution, error)
	// Enables or disables a schedule.
	SetScheduleEnabled(scheduleId string, enabled bool) (migratekit_core.Schedule, error)
	// Boots a test VM on clones of the replicated volumes.
	TestFailover(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error)
	// Runs `operation` with `body` `iterations` times inside the library
	// through its typed method (the body is read once, the answer is not
	// written as JSON): the per-call baseline a binding's overhead is
	// measured against.
	TimeCalls(operation string, body string, iterations uint32) (time.Duration, error)
	// The host reports a job's progress (per disk where it knows it).
	UpdateJobProgress(request migratekit_core.UpdateJobProgressRequest) (migratekit_core.ReplicationJob, error)
}

// A migratekit manager on one SQLite file: every operation of the
// registry as a blocking method, safe to call from many threads at once.
type Manager struct {
	ffiObject FfiObject
}

// Opens (creating and migrating when needed) the manager on
// `options.path`, with the bundled adapters or fakes the options name.
func ManagerOpen(options OpenOptions) (*Manager, error) {
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) C.uint64_t {
		return C.uniffi_migratekit_uniffi_fn_constructor_manager_open(FfiConverterOpenOptionsINSTANCE.Lower(options), _uniffiStatus)
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue *Manager
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterManagerINSTANCE.Lift(_uniffiRV), nil
	}
}

// [`Manager::open`] with the host's own ports: each one given replaces
// the bundled adapter or fake.
func ManagerOpenWithPorts(options OpenOptions, volumeDaemon *VolumeDaemon, nbdExporter *NbdExporter, targetCloud *TargetCloud) (*Manager, error) {
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) C.uint64_t {
		return C.uniffi_migratekit_uniffi_fn_constructor_manager_open_with_ports(FfiConverterOpenOptionsINSTANCE.Lower(options), FfiConverterOptionalVolumeDaemonINSTANCE.Lower(volumeDaemon), FfiConverterOptionalNbdExporterINSTANCE.Lower(nbdExporter), FfiConverterOptionalTargetCloudINSTANCE.Lower(targetCloud), _uniffiStatus)
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue *Manager
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterManagerINSTANCE.Lift(_uniffiRV), nil
	}
}

// Abandons a test or live failover that failed part-way, undoing it.
func (_self *Manager) AbortOperation(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_abort_operation(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.FailoverResult
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterFailoverResultINSTANCE.Lift(_uniffiRV), nil
	}
}

// Puts a context in a group, with a priority (lower runs first).
func (_self *Manager) AddToGroup(request migratekit_core.AddToGroupRequest) (migratekit_core.GroupMember, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_add_to_group(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterAddToGroupRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.GroupMember
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterGroupMemberINSTANCE.Lift(_uniffiRV), nil
	}
}

// Adds a VM to management without replicating it.
func (_self *Manager) AddToManagement(request migratekit_core.AddToManagementRequest) (migratekit_core.ContextCreated, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_add_to_management(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterAddToManagementRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ContextCreated
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterContextCreatedINSTANCE.Lift(_uniffiRV), nil
	}
}

// Adds many VMs at once: one result per VM, and `progress` after each
// batch.
func (_self *Manager) AddToManagementBulk(vms []migratekit_core.AddToManagementRequest, progress *BulkProgressListener) (migratekit_core.BulkAddResponse, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_add_to_management_bulk(
				_pointer, FfiConverterSequenceAddToManagementRequestINSTANCE.Lower(vms), FfiConverterOptionalBulkProgressListenerINSTANCE.Lower(progress), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.BulkAddResponse
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterBulkAddResponseINSTANCE.Lift(_uniffiRV), nil
	}
}

// Moves the manual clock (managers opened with `now` only).
func (_self *Manager) AdvanceClock(seconds int64) error {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_manager_advance_clock(
			_pointer, FfiConverterInt64INSTANCE.Lower(seconds), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// Attaches a schedule to a group (`None` detaches).
func (_self *Manager) AttachSchedule(groupId string, scheduleId *string) (migratekit_core.VmGroup, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_attach_schedule(
				_pointer, FfiConverterStringINSTANCE.Lower(groupId), FfiConverterOptionalStringINSTANCE.Lower(scheduleId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.VmGroup
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterVmGroupINSTANCE.Lift(_uniffiRV), nil
	}
}

// Runs any operation by wire name with its JSON body (empty is `{}`);
// answers the JSON answer body.
func (_self *Manager) Call(operation string, body string) (string, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_call(
				_pointer, FfiConverterStringINSTANCE.Lower(operation), FfiConverterStringINSTANCE.Lower(body), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue string
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterStringINSTANCE.Lift(_uniffiRV), nil
	}
}

// Cancels a job; the context returns to its status before the job.
func (_self *Manager) CancelJob(jobId string) (migratekit_core.ReplicationJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_cancel_job(
				_pointer, FfiConverterStringINSTANCE.Lower(jobId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReplicationJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReplicationJobINSTANCE.Lift(_uniffiRV), nil
	}
}

// Removes the test VM and its clones.
func (_self *Manager) CleanupTestFailover(target migratekit_core.FailoverTarget) (migratekit_core.FailoverResult, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_cleanup_test_failover(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterFailoverTargetINSTANCE.LowerExternal(target)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.FailoverResult
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterFailoverResultINSTANCE.Lift(_uniffiRV), nil
	}
}

// The host reports a job done, with one CBT change id per disk.
func (_self *Manager) CompleteJob(request migratekit_core.CompleteJobRequest) (migratekit_core.ReplicationJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_complete_job(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterCompleteJobRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReplicationJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReplicationJobINSTANCE.Lift(_uniffiRV), nil
	}
}

// Finalises a live failover.
func (_self *Manager) CompleteMigration(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_complete_migration(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.FailoverResult
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterFailoverResultINSTANCE.Lift(_uniffiRV), nil
	}
}

// Creates a group of contexts.
func (_self *Manager) CreateGroup(request migratekit_core.CreateGroupRequest) (migratekit_core.VmGroup, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_create_group(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterCreateGroupRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.VmGroup
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterVmGroupINSTANCE.Lift(_uniffiRV), nil
	}
}

// `create_migration`: adds a VM to management (`start_replication:
// false`) or starts replication (absent or `true`), with duplicate
// protection.
func (_self *Manager) CreateMigration(request migratekit_core.CreateMigrationRequest) (migratekit_core.CreateMigrationResponse, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_create_migration(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterCreateMigrationRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.CreateMigrationResponse
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterCreateMigrationResponseINSTANCE.Lift(_uniffiRV), nil
	}
}

// Creates a replication schedule.
func (_self *Manager) CreateSchedule(request migratekit_core.CreateScheduleRequest) (migratekit_core.Schedule, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_create_schedule(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterCreateScheduleRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.Schedule
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterScheduleINSTANCE.Lift(_uniffiRV), nil
	}
}

// Deletes a finished job with the volumes and exports it created.
func (_self *Manager) DeleteJob(jobId string) (migratekit_core.JobDeleted, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_delete_job(
				_pointer, FfiConverterStringINSTANCE.Lower(jobId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.JobDeleted
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterJobDeletedINSTANCE.Lift(_uniffiRV), nil
	}
}

// The host reports a job failed.
func (_self *Manager) FailJob(request migratekit_core.FailJobRequest) (migratekit_core.ReplicationJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_fail_job(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterFailJobRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReplicationJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReplicationJobINSTANCE.Lift(_uniffiRV), nil
	}
}

// Makes every job-log record written so far durable.
func (_self *Manager) FlushJobLog() error {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_manager_flush_job_log(
			_pointer, _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// One context, by id, by vCenter + `vmware_vm_id`, or by name.
func (_self *Manager) GetContext(reference migratekit_core.ContextRef) (migratekit_core.ReplicationContext, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_get_context(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReplicationContext
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReplicationContextINSTANCE.Lift(_uniffiRV), nil
	}
}

// A group with its members.
func (_self *Manager) GetGroup(groupId string) (migratekit_core.GroupDetails, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_get_group(
				_pointer, FfiConverterStringINSTANCE.Lower(groupId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.GroupDetails
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterGroupDetailsINSTANCE.Lift(_uniffiRV), nil
	}
}

// One replication job.
func (_self *Manager) GetJob(jobId string) (migratekit_core.ReplicationJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_get_job(
				_pointer, FfiConverterStringINSTANCE.Lower(jobId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReplicationJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReplicationJobINSTANCE.Lift(_uniffiRV), nil
	}
}

// A page of contexts.
func (_self *Manager) ListContexts(filter migratekit_core.ContextFilter) (ContextPage, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_contexts(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextFilterINSTANCE.LowerExternal(filter)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue ContextPage
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterContextPageINSTANCE.Lift(_uniffiRV), nil
	}
}

// A context's failover jobs, newest first.
func (_self *Manager) ListFailoverJobs(reference migratekit_core.ContextRef) ([]migratekit_core.FailoverJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_failover_jobs(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.FailoverJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceFailoverJobINSTANCE.Lift(_uniffiRV), nil
	}
}

// Every group.
func (_self *Manager) ListGroups() ([]migratekit_core.VmGroup, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_groups(
				_pointer, _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.VmGroup
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceVmGroupINSTANCE.Lift(_uniffiRV), nil
	}
}

// A page of jobs, newest first.
func (_self *Manager) ListJobs(filter migratekit_core.JobFilter) (JobPage, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_jobs(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterJobFilterINSTANCE.LowerExternal(filter)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue JobPage
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterJobPageINSTANCE.Lift(_uniffiRV), nil
	}
}

// Schedule executions, newest first.
func (_self *Manager) ListScheduleExecutions(scheduleId *string, limit *uint32) ([]migratekit_core.ScheduleExecution, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_schedule_executions(
				_pointer, FfiConverterOptionalStringINSTANCE.Lower(scheduleId), FfiConverterOptionalUint32INSTANCE.Lower(limit), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.ScheduleExecution
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceScheduleExecutionINSTANCE.Lift(_uniffiRV), nil
	}
}

// Every schedule.
func (_self *Manager) ListSchedules() ([]migratekit_core.Schedule, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_schedules(
				_pointer, _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.Schedule
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceScheduleINSTANCE.Lift(_uniffiRV), nil
	}
}

// The volumes recorded on a context.
func (_self *Manager) ListVolumes(reference migratekit_core.ContextRef) ([]migratekit_core.VolumeRecord, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_list_volumes(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.VolumeRecord
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceVolumeRecordINSTANCE.Lift(_uniffiRV), nil
	}
}

// Cuts over to the target cloud.
func (_self *Manager) LiveFailover(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_live_failover(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.FailoverResult
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterFailoverResultINSTANCE.Lift(_uniffiRV), nil
	}
}

// One log job with its steps and events.
func (_self *Manager) LogJob(jobId string) (migratekit_core.LogJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_log_job(
				_pointer, FfiConverterStringINSTANCE.Lower(jobId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.LogJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterLogJobINSTANCE.Lift(_uniffiRV), nil
	}
}

// Log jobs, newest first.
func (_self *Manager) LogJobs(filter migratekit_core.LogFilter) (LogJobPage, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_log_jobs(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterLogFilterINSTANCE.LowerExternal(filter)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue LogJobPage
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterLogJobPageINSTANCE.Lift(_uniffiRV), nil
	}
}

// Deletes log jobs finished before `before`; answers how many.
func (_self *Manager) PruneJobLog(before migratekit_core.UtcTime) (uint64, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) C.uint64_t {
		return C.uniffi_migratekit_uniffi_fn_method_manager_prune_job_log(
			_pointer,
			CFromRustBuffer(migratekit_core.LowerToExternalTypeUtcTime(before)), _uniffiStatus)
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue uint64
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterUint64INSTANCE.Lift(_uniffiRV), nil
	}
}

// Compares the records with the volume daemon and the exporter; a plan,
// carried out only with `apply`.
func (_self *Manager) Reconcile(request migratekit_core.ReconcileRequest) (migratekit_core.ReconcileReport, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_reconcile(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterReconcileRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReconcileReport
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReconcileReportINSTANCE.Lift(_uniffiRV), nil
	}
}

// Takes a context out of its group.
func (_self *Manager) RemoveFromGroup(contextId string) error {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_manager_remove_from_group(
			_pointer, FfiConverterStringINSTANCE.Lower(contextId), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// Removes a VM from management, cascading (the job log is kept).
func (_self *Manager) RemoveFromManagement(reference migratekit_core.ContextRef) (migratekit_core.Removed, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_remove_from_management(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.Removed
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterRemovedINSTANCE.Lift(_uniffiRV), nil
	}
}

// Undoes a live failover.
func (_self *Manager) RollbackLiveFailover(target migratekit_core.FailoverTarget) (migratekit_core.FailoverResult, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_rollback_live_failover(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterFailoverTargetINSTANCE.LowerExternal(target)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.FailoverResult
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterFailoverResultINSTANCE.Lift(_uniffiRV), nil
	}
}

// Runs every schedule due at `now` (default: the clock's now).
func (_self *Manager) RunDueSchedules(now *migratekit_core.UtcTime) ([]migratekit_core.ScheduleExecution, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_run_due_schedules(
				_pointer, FfiConverterOptionalUtcTimeINSTANCE.Lower(now), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.ScheduleExecution
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceScheduleExecutionINSTANCE.Lift(_uniffiRV), nil
	}
}

// Enables or disables a schedule.
func (_self *Manager) SetScheduleEnabled(scheduleId string, enabled bool) (migratekit_core.Schedule, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_set_schedule_enabled(
				_pointer, FfiConverterStringINSTANCE.Lower(scheduleId), FfiConverterBoolINSTANCE.Lower(enabled), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.Schedule
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterScheduleINSTANCE.Lift(_uniffiRV), nil
	}
}

// Boots a test VM on clones of the replicated volumes.
func (_self *Manager) TestFailover(reference migratekit_core.ContextRef) (migratekit_core.FailoverResult, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_test_failover(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterContextRefINSTANCE.LowerExternal(reference)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.FailoverResult
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterFailoverResultINSTANCE.Lift(_uniffiRV), nil
	}
}

// Runs `operation` with `body` `iterations` times inside the library
// through its typed method (the body is read once, the answer is not
// written as JSON): the per-call baseline a binding's overhead is
// measured against.
func (_self *Manager) TimeCalls(operation string, body string, iterations uint32) (time.Duration, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_time_calls(
				_pointer, FfiConverterStringINSTANCE.Lower(operation), FfiConverterStringINSTANCE.Lower(body), FfiConverterUint32INSTANCE.Lower(iterations), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue time.Duration
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterDurationINSTANCE.Lift(_uniffiRV), nil
	}
}

// The host reports a job's progress (per disk where it knows it).
func (_self *Manager) UpdateJobProgress(request migratekit_core.UpdateJobProgressRequest) (migratekit_core.ReplicationJob, error) {
	_pointer := _self.ffiObject.incrementPointer("*Manager")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_manager_update_job_progress(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterUpdateJobProgressRequestINSTANCE.LowerExternal(request)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.ReplicationJob
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterReplicationJobINSTANCE.Lift(_uniffiRV), nil
	}
}
func (object *Manager) Destroy() {
	runtime.SetFinalizer(object, nil)
	object.ffiObject.destroy()
}

type FfiConverterManager struct{}

var FfiConverterManagerINSTANCE = FfiConverterManager{}

func (c FfiConverterManager) Lift(handle C.uint64_t) *Manager {
	result := &Manager{
		newFfiObject(
			handle,
			func(handle C.uint64_t, status *C.RustCallStatus) C.uint64_t {
				return C.uniffi_migratekit_uniffi_fn_clone_manager(handle, status)
			},
			func(handle C.uint64_t, status *C.RustCallStatus) {
				C.uniffi_migratekit_uniffi_fn_free_manager(handle, status)
			},
		),
	}
	runtime.SetFinalizer(result, (*Manager).Destroy)
	return result
}

func (c FfiConverterManager) Read(reader io.Reader) *Manager {
	return c.Lift(C.uint64_t(readUint64(reader)))
}

func (c FfiConverterManager) Lower(value *Manager) C.uint64_t {
	// TODO: this is bad - all synchronization from ObjectRuntime.go is discarded here,
	// because the handle will be decremented immediately after this function returns,
	// and someone will be left holding onto a non-locked handle.
	handle := value.ffiObject.incrementPointer("*Manager")
	defer value.ffiObject.decrementPointer()
	return handle
}

func (c FfiConverterManager) Write(writer io.Writer, value *Manager) {
	writeUint64(writer, uint64(c.Lower(value)))
}

func LiftFromExternalManager(handle uint64) *Manager {
	return FfiConverterManagerINSTANCE.Lift(C.uint64_t(handle))
}

func LowerToExternalManager(value *Manager) uint64 {
	return uint64(FfiConverterManagerINSTANCE.Lower(value))
}

type FfiDestroyerManager struct{}

func (_ FfiDestroyerManager) Destroy(value *Manager) {
	value.Destroy()
}

// Publishes volumes as NBD exports to the source-side appliance.
//
// Contract: creating an export that exists for the same device answers it;
// removing a missing export succeeds.
type NbdExporter interface {
	// Publishes `device_path` as `name`.
	CreateExport(name string, devicePath string) (migratekit_core.NbdExport, error)
	// Withdraws the export `name`.
	RemoveExport(name string) error
	// Every export.
	ListExports() ([]migratekit_core.NbdExport, error)
}

// Publishes volumes as NBD exports to the source-side appliance.
//
// Contract: creating an export that exists for the same device answers it;
// removing a missing export succeeds.
type NbdExporterImpl struct {
	ffiObject FfiObject
}

// Publishes `device_path` as `name`.
func (_self *NbdExporterImpl) CreateExport(name string, devicePath string) (migratekit_core.NbdExport, error) {
	_pointer := _self.ffiObject.incrementPointer("NbdExporter")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_nbdexporter_create_export(
				_pointer, FfiConverterStringINSTANCE.Lower(name), FfiConverterStringINSTANCE.Lower(devicePath), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.NbdExport
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterNbdExportINSTANCE.Lift(_uniffiRV), nil
	}
}

// Withdraws the export `name`.
func (_self *NbdExporterImpl) RemoveExport(name string) error {
	_pointer := _self.ffiObject.incrementPointer("NbdExporter")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_nbdexporter_remove_export(
			_pointer, FfiConverterStringINSTANCE.Lower(name), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// Every export.
func (_self *NbdExporterImpl) ListExports() ([]migratekit_core.NbdExport, error) {
	_pointer := _self.ffiObject.incrementPointer("NbdExporter")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_nbdexporter_list_exports(
				_pointer, _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.NbdExport
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceNbdExportINSTANCE.Lift(_uniffiRV), nil
	}
}
func (object *NbdExporterImpl) Destroy() {
	runtime.SetFinalizer(object, nil)
	object.ffiObject.destroy()
}

type FfiConverterNbdExporter struct {
	handleMap *concurrentHandleMap[NbdExporter]
}

var FfiConverterNbdExporterINSTANCE = FfiConverterNbdExporter{
	handleMap: newConcurrentHandleMap[NbdExporter](),
}

func (c FfiConverterNbdExporter) Lift(handle C.uint64_t) NbdExporter {
	if uint64(handle)&1 == 0 {
		// Rust-generated handle (even), construct a new object wrapping the handle
		result := &NbdExporterImpl{
			newFfiObject(
				handle,
				func(handle C.uint64_t, status *C.RustCallStatus) C.uint64_t {
					return C.uniffi_migratekit_uniffi_fn_clone_nbdexporter(handle, status)
				},
				func(handle C.uint64_t, status *C.RustCallStatus) {
					C.uniffi_migratekit_uniffi_fn_free_nbdexporter(handle, status)
				},
			),
		}
		runtime.SetFinalizer(result, (*NbdExporterImpl).Destroy)
		return result
	} else {
		// Go-generated handle (odd), retrieve from the handle map
		val, ok := c.handleMap.tryGet(uint64(handle))
		if !ok {
			panic(fmt.Errorf("no callback in handle map: %d", handle))
		}
		c.handleMap.remove(uint64(handle))
		return val
	}
}

func (c FfiConverterNbdExporter) Read(reader io.Reader) NbdExporter {
	return c.Lift(C.uint64_t(readUint64(reader)))
}

func (c FfiConverterNbdExporter) Lower(value NbdExporter) C.uint64_t {
	// TODO: this is bad - all synchronization from ObjectRuntime.go is discarded here,
	// because the handle will be decremented immediately after this function returns,
	// and someone will be left holding onto a non-locked handle.
	if val, ok := value.(*NbdExporterImpl); ok {
		// Rust-backed object, clone the handle
		handle := val.ffiObject.incrementPointer("NbdExporter")
		defer val.ffiObject.decrementPointer()
		return handle
	} else {
		// Go-backed object, insert into handle map
		return C.uint64_t(c.handleMap.insert(value))
	}
}

func (c FfiConverterNbdExporter) Write(writer io.Writer, value NbdExporter) {
	writeUint64(writer, uint64(c.Lower(value)))
}

func LiftFromExternalNbdExporter(handle uint64) NbdExporter {
	return FfiConverterNbdExporterINSTANCE.Lift(C.uint64_t(handle))
}

func LowerToExternalNbdExporter(value NbdExporter) uint64 {
	return uint64(FfiConverterNbdExporterINSTANCE.Lower(value))
}

type FfiDestroyerNbdExporter struct{}

func (_ FfiDestroyerNbdExporter) Destroy(value NbdExporter) {
	if val, ok := value.(*NbdExporterImpl); ok {
		val.Destroy()
	}
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod0
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod0(uniffiHandle C.uint64_t, name C.RustBuffer, devicePath C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("NbdExporter.CreateExport", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterNbdExporterINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.CreateExport(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: name,
			}),
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: devicePath,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = CFromRustBuffer(migratekit_core.FfiConverterNbdExportINSTANCE.LowerExternal(res))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod1
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod1(uniffiHandle C.uint64_t, name C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("NbdExporter.RemoveExport", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterNbdExporterINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.RemoveExport(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: name,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod2
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod2(uniffiHandle C.uint64_t, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("NbdExporter.ListExports", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterNbdExporterINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.ListExports()

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = FfiConverterSequenceNbdExportINSTANCE.Lower(res)
}

var UniffiVTableCallbackInterfaceNbdExporterINSTANCE = C.UniffiVTableCallbackInterfaceNbdExporter{
	uniffiFree:   (C.UniffiCallbackInterfaceFree)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterFree),
	uniffiClone:  (C.UniffiCallbackInterfaceClone)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterClone),
	createExport: (C.UniffiCallbackInterfaceNbdExporterMethod0)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod0),
	removeExport: (C.UniffiCallbackInterfaceNbdExporterMethod1)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod1),
	listExports:  (C.UniffiCallbackInterfaceNbdExporterMethod2)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterMethod2),
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterFree
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterFree(handle C.uint64_t) {
	FfiConverterNbdExporterINSTANCE.handleMap.remove(uint64(handle))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterClone
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceNbdExporterClone(handle C.uint64_t) C.uint64_t {
	val, ok := FfiConverterNbdExporterINSTANCE.handleMap.tryGet(uint64(handle))
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}
	return C.uint64_t(FfiConverterNbdExporterINSTANCE.handleMap.insert(val))
}

func (c FfiConverterNbdExporter) register() {
	C.uniffi_migratekit_uniffi_fn_init_callback_vtable_nbdexporter(&UniffiVTableCallbackInterfaceNbdExporterINSTANCE)
}

// Creates, powers and deletes VMs in the target cloud.
//
// Contract: powering on a running VM or off a stopped one succeeds;
// deleting a missing VM succeeds.
type TargetCloud interface {
	// Creates a stopped VM.
	CreateVm(spec migratekit_core.VmSpec) (migratekit_core.TargetVm, error)
	// Powers a VM on.
	PowerOn(vmId string) error
	// Powers a VM off.
	PowerOff(vmId string) error
	// Deletes a VM.
	DeleteVm(vmId string) error
	// One VM by id, `None` when it does not exist.
	GetVm(vmId string) (*migratekit_core.TargetVm, error)
	// One VM by name (names are unique among migratekit's VMs).
	FindVmByName(name string) (*migratekit_core.TargetVm, error)
}

// Creates, powers and deletes VMs in the target cloud.
//
// Contract: powering on a running VM or off a stopped one succeeds;
// deleting a missing VM succeeds.
type TargetCloudImpl struct {
	ffiObject FfiObject
}

// Creates a stopped VM.
func (_self *TargetCloudImpl) CreateVm(spec migratekit_core.VmSpec) (migratekit_core.TargetVm, error) {
	_pointer := _self.ffiObject.incrementPointer("TargetCloud")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_targetcloud_create_vm(
				_pointer,
				CFromRustBuffer(migratekit_core.FfiConverterVmSpecINSTANCE.LowerExternal(spec)), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.TargetVm
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterTargetVmINSTANCE.Lift(_uniffiRV), nil
	}
}

// Powers a VM on.
func (_self *TargetCloudImpl) PowerOn(vmId string) error {
	_pointer := _self.ffiObject.incrementPointer("TargetCloud")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_targetcloud_power_on(
			_pointer, FfiConverterStringINSTANCE.Lower(vmId), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// Powers a VM off.
func (_self *TargetCloudImpl) PowerOff(vmId string) error {
	_pointer := _self.ffiObject.incrementPointer("TargetCloud")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_targetcloud_power_off(
			_pointer, FfiConverterStringINSTANCE.Lower(vmId), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// Deletes a VM.
func (_self *TargetCloudImpl) DeleteVm(vmId string) error {
	_pointer := _self.ffiObject.incrementPointer("TargetCloud")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_targetcloud_delete_vm(
			_pointer, FfiConverterStringINSTANCE.Lower(vmId), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// One VM by id, `None` when it does not exist.
func (_self *TargetCloudImpl) GetVm(vmId string) (*migratekit_core.TargetVm, error) {
	_pointer := _self.ffiObject.incrementPointer("TargetCloud")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_targetcloud_get_vm(
				_pointer, FfiConverterStringINSTANCE.Lower(vmId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue *migratekit_core.TargetVm
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterOptionalTargetVmINSTANCE.Lift(_uniffiRV), nil
	}
}

// One VM by name (names are unique among migratekit's VMs).
func (_self *TargetCloudImpl) FindVmByName(name string) (*migratekit_core.TargetVm, error) {
	_pointer := _self.ffiObject.incrementPointer("TargetCloud")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_targetcloud_find_vm_by_name(
				_pointer, FfiConverterStringINSTANCE.Lower(name), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue *migratekit_core.TargetVm
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterOptionalTargetVmINSTANCE.Lift(_uniffiRV), nil
	}
}
func (object *TargetCloudImpl) Destroy() {
	runtime.SetFinalizer(object, nil)
	object.ffiObject.destroy()
}

type FfiConverterTargetCloud struct {
	handleMap *concurrentHandleMap[TargetCloud]
}

var FfiConverterTargetCloudINSTANCE = FfiConverterTargetCloud{
	handleMap: newConcurrentHandleMap[TargetCloud](),
}

func (c FfiConverterTargetCloud) Lift(handle C.uint64_t) TargetCloud {
	if uint64(handle)&1 == 0 {
		// Rust-generated handle (even), construct a new object wrapping the handle
		result := &TargetCloudImpl{
			newFfiObject(
				handle,
				func(handle C.uint64_t, status *C.RustCallStatus) C.uint64_t {
					return C.uniffi_migratekit_uniffi_fn_clone_targetcloud(handle, status)
				},
				func(handle C.uint64_t, status *C.RustCallStatus) {
					C.uniffi_migratekit_uniffi_fn_free_targetcloud(handle, status)
				},
			),
		}
		runtime.SetFinalizer(result, (*TargetCloudImpl).Destroy)
		return result
	} else {
		// Go-generated handle (odd), retrieve from the handle map
		val, ok := c.handleMap.tryGet(uint64(handle))
		if !ok {
			panic(fmt.Errorf("no callback in handle map: %d", handle))
		}
		c.handleMap.remove(uint64(handle))
		return val
	}
}

func (c FfiConverterTargetCloud) Read(reader io.Reader) TargetCloud {
	return c.Lift(C.uint64_t(readUint64(reader)))
}

func (c FfiConverterTargetCloud) Lower(value TargetCloud) C.uint64_t {
	// TODO: this is bad - all synchronization from ObjectRuntime.go is discarded here,
	// because the handle will be decremented immediately after this function returns,
	// and someone will be left holding onto a non-locked handle.
	if val, ok := value.(*TargetCloudImpl); ok {
		// Rust-backed object, clone the handle
		handle := val.ffiObject.incrementPointer("TargetCloud")
		defer val.ffiObject.decrementPointer()
		return handle
	} else {
		// Go-backed object, insert into handle map
		return C.uint64_t(c.handleMap.insert(value))
	}
}

func (c FfiConverterTargetCloud) Write(writer io.Writer, value TargetCloud) {
	writeUint64(writer, uint64(c.Lower(value)))
}

func LiftFromExternalTargetCloud(handle uint64) TargetCloud {
	return FfiConverterTargetCloudINSTANCE.Lift(C.uint64_t(handle))
}

func LowerToExternalTargetCloud(value TargetCloud) uint64 {
	return uint64(FfiConverterTargetCloudINSTANCE.Lower(value))
}

type FfiDestroyerTargetCloud struct{}

func (_ FfiDestroyerTargetCloud) Destroy(value TargetCloud) {
	if val, ok := value.(*TargetCloudImpl); ok {
		val.Destroy()
	}
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod0
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod0(uniffiHandle C.uint64_t, spec C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("TargetCloud.CreateVm", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.CreateVm(
			migratekit_core.FfiConverterVmSpecINSTANCE.Lift(GoRustBuffer{
				inner: spec,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = CFromRustBuffer(migratekit_core.FfiConverterTargetVmINSTANCE.LowerExternal(res))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod1
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod1(uniffiHandle C.uint64_t, vmId C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("TargetCloud.PowerOn", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.PowerOn(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: vmId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod2
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod2(uniffiHandle C.uint64_t, vmId C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("TargetCloud.PowerOff", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.PowerOff(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: vmId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod3
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod3(uniffiHandle C.uint64_t, vmId C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("TargetCloud.DeleteVm", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.DeleteVm(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: vmId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod4
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod4(uniffiHandle C.uint64_t, vmId C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("TargetCloud.GetVm", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.GetVm(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: vmId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = FfiConverterOptionalTargetVmINSTANCE.Lower(res)
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod5
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod5(uniffiHandle C.uint64_t, name C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("TargetCloud.FindVmByName", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.FindVmByName(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: name,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = FfiConverterOptionalTargetVmINSTANCE.Lower(res)
}

var UniffiVTableCallbackInterfaceTargetCloudINSTANCE = C.UniffiVTableCallbackInterfaceTargetCloud{
	uniffiFree:   (C.UniffiCallbackInterfaceFree)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudFree),
	uniffiClone:  (C.UniffiCallbackInterfaceClone)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudClone),
	createVm:     (C.UniffiCallbackInterfaceTargetCloudMethod0)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod0),
	powerOn:      (C.UniffiCallbackInterfaceTargetCloudMethod1)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod1),
	powerOff:     (C.UniffiCallbackInterfaceTargetCloudMethod2)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod2),
	deleteVm:     (C.UniffiCallbackInterfaceTargetCloudMethod3)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod3),
	getVm:        (C.UniffiCallbackInterfaceTargetCloudMethod4)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod4),
	findVmByName: (C.UniffiCallbackInterfaceTargetCloudMethod5)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudMethod5),
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudFree
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudFree(handle C.uint64_t) {
	FfiConverterTargetCloudINSTANCE.handleMap.remove(uint64(handle))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudClone
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceTargetCloudClone(handle C.uint64_t) C.uint64_t {
	val, ok := FfiConverterTargetCloudINSTANCE.handleMap.tryGet(uint64(handle))
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}
	return C.uint64_t(FfiConverterTargetCloudINSTANCE.handleMap.insert(val))
}

func (c FfiConverterTargetCloud) register() {
	C.uniffi_migratekit_uniffi_fn_init_callback_vtable_targetcloud(&UniffiVTableCallbackInterfaceTargetCloudINSTANCE)
}

// Creates, attaches, detaches and deletes block volumes of the target
// side.
//
// Contract: `detach_volume` of a detached volume and `delete_volume` of a
// missing one succeed; `attach_volume` to the instance the volume is
// already attached to returns the same device path; attaching while
// attached elsewhere fails.
type VolumeDaemon interface {
	// Creates a volume of `size_bytes` named `name`.
	CreateVolume(name string, sizeBytes uint64) (migratekit_core.Volume, error)
	// Creates a writable point-in-time clone of `source_volume_id` named
	// `name`: writes to the clone never reach the source (a test VM runs
	// on clones, so the replica never receives its writes).
	CloneVolume(sourceVolumeId string, name string) (migratekit_core.Volume, error)
	// Attaches a volume to an instance; answers the device path.
	AttachVolume(volumeId string, instanceId string) (string, error)
	// Detaches a volume from whatever it is attached to.
	DetachVolume(volumeId string) error
	// Deletes a volume.
	DeleteVolume(volumeId string) error
	// One volume, `None` when it does not exist.
	GetVolume(volumeId string) (*migratekit_core.Volume, error)
	// Every volume.
	ListVolumes() ([]migratekit_core.Volume, error)
}

// Creates, attaches, detaches and deletes block volumes of the target
// side.
//
// Contract: `detach_volume` of a detached volume and `delete_volume` of a
// missing one succeed; `attach_volume` to the instance the volume is
// already attached to returns the same device path; attaching while
// attached elsewhere fails.
type VolumeDaemonImpl struct {
	ffiObject FfiObject
}

// Creates a volume of `size_bytes` named `name`.
func (_self *VolumeDaemonImpl) CreateVolume(name string, sizeBytes uint64) (migratekit_core.Volume, error) {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_volumedaemon_create_volume(
				_pointer, FfiConverterStringINSTANCE.Lower(name), FfiConverterUint64INSTANCE.Lower(sizeBytes), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.Volume
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterVolumeINSTANCE.Lift(_uniffiRV), nil
	}
}

// Creates a writable point-in-time clone of `source_volume_id` named
// `name`: writes to the clone never reach the source (a test VM runs
// on clones, so the replica never receives its writes).
func (_self *VolumeDaemonImpl) CloneVolume(sourceVolumeId string, name string) (migratekit_core.Volume, error) {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_volumedaemon_clone_volume(
				_pointer, FfiConverterStringINSTANCE.Lower(sourceVolumeId), FfiConverterStringINSTANCE.Lower(name), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue migratekit_core.Volume
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return migratekit_core.FfiConverterVolumeINSTANCE.Lift(_uniffiRV), nil
	}
}

// Attaches a volume to an instance; answers the device path.
func (_self *VolumeDaemonImpl) AttachVolume(volumeId string, instanceId string) (string, error) {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_volumedaemon_attach_volume(
				_pointer, FfiConverterStringINSTANCE.Lower(volumeId), FfiConverterStringINSTANCE.Lower(instanceId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue string
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterStringINSTANCE.Lift(_uniffiRV), nil
	}
}

// Detaches a volume from whatever it is attached to.
func (_self *VolumeDaemonImpl) DetachVolume(volumeId string) error {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_volumedaemon_detach_volume(
			_pointer, FfiConverterStringINSTANCE.Lower(volumeId), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// Deletes a volume.
func (_self *VolumeDaemonImpl) DeleteVolume(volumeId string) error {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) bool {
		C.uniffi_migratekit_uniffi_fn_method_volumedaemon_delete_volume(
			_pointer, FfiConverterStringINSTANCE.Lower(volumeId), _uniffiStatus)
		return false
	})
	return _uniffiErr.AsError()
}

// One volume, `None` when it does not exist.
func (_self *VolumeDaemonImpl) GetVolume(volumeId string) (*migratekit_core.Volume, error) {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_volumedaemon_get_volume(
				_pointer, FfiConverterStringINSTANCE.Lower(volumeId), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue *migratekit_core.Volume
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterOptionalVolumeINSTANCE.Lift(_uniffiRV), nil
	}
}

// Every volume.
func (_self *VolumeDaemonImpl) ListVolumes() ([]migratekit_core.Volume, error) {
	_pointer := _self.ffiObject.incrementPointer("VolumeDaemon")
	defer _self.ffiObject.decrementPointer()
	_uniffiRV, _uniffiErr := rustCallWithError[*PortError](FfiConverterPortError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_method_volumedaemon_list_volumes(
				_pointer, _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue []migratekit_core.Volume
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterSequenceVolumeINSTANCE.Lift(_uniffiRV), nil
	}
}
func (object *VolumeDaemonImpl) Destroy() {
	runtime.SetFinalizer(object, nil)
	object.ffiObject.destroy()
}

type FfiConverterVolumeDaemon struct {
	handleMap *concurrentHandleMap[VolumeDaemon]
}

var FfiConverterVolumeDaemonINSTANCE = FfiConverterVolumeDaemon{
	handleMap: newConcurrentHandleMap[VolumeDaemon](),
}

func (c FfiConverterVolumeDaemon) Lift(handle C.uint64_t) VolumeDaemon {
	if uint64(handle)&1 == 0 {
		// Rust-generated handle (even), construct a new object wrapping the handle
		result := &VolumeDaemonImpl{
			newFfiObject(
				handle,
				func(handle C.uint64_t, status *C.RustCallStatus) C.uint64_t {
					return C.uniffi_migratekit_uniffi_fn_clone_volumedaemon(handle, status)
				},
				func(handle C.uint64_t, status *C.RustCallStatus) {
					C.uniffi_migratekit_uniffi_fn_free_volumedaemon(handle, status)
				},
			),
		}
		runtime.SetFinalizer(result, (*VolumeDaemonImpl).Destroy)
		return result
	} else {
		// Go-generated handle (odd), retrieve from the handle map
		val, ok := c.handleMap.tryGet(uint64(handle))
		if !ok {
			panic(fmt.Errorf("no callback in handle map: %d", handle))
		}
		c.handleMap.remove(uint64(handle))
		return val
	}
}

func (c FfiConverterVolumeDaemon) Read(reader io.Reader) VolumeDaemon {
	return c.Lift(C.uint64_t(readUint64(reader)))
}

func (c FfiConverterVolumeDaemon) Lower(value VolumeDaemon) C.uint64_t {
	// TODO: this is bad - all synchronization from ObjectRuntime.go is discarded here,
	// because the handle will be decremented immediately after this function returns,
	// and someone will be left holding onto a non-locked handle.
	if val, ok := value.(*VolumeDaemonImpl); ok {
		// Rust-backed object, clone the handle
		handle := val.ffiObject.incrementPointer("VolumeDaemon")
		defer val.ffiObject.decrementPointer()
		return handle
	} else {
		// Go-backed object, insert into handle map
		return C.uint64_t(c.handleMap.insert(value))
	}
}

func (c FfiConverterVolumeDaemon) Write(writer io.Writer, value VolumeDaemon) {
	writeUint64(writer, uint64(c.Lower(value)))
}

func LiftFromExternalVolumeDaemon(handle uint64) VolumeDaemon {
	return FfiConverterVolumeDaemonINSTANCE.Lift(C.uint64_t(handle))
}

func LowerToExternalVolumeDaemon(value VolumeDaemon) uint64 {
	return uint64(FfiConverterVolumeDaemonINSTANCE.Lower(value))
}

type FfiDestroyerVolumeDaemon struct{}

func (_ FfiDestroyerVolumeDaemon) Destroy(value VolumeDaemon) {
	if val, ok := value.(*VolumeDaemonImpl); ok {
		val.Destroy()
	}
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod0
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod0(uniffiHandle C.uint64_t, name C.RustBuffer, sizeBytes C.uint64_t, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.CreateVolume", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.CreateVolume(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: name,
			}),
			FfiConverterUint64INSTANCE.Lift(sizeBytes),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = CFromRustBuffer(migratekit_core.FfiConverterVolumeINSTANCE.LowerExternal(res))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod1
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod1(uniffiHandle C.uint64_t, sourceVolumeId C.RustBuffer, name C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.CloneVolume", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.CloneVolume(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: sourceVolumeId,
			}),
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: name,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = CFromRustBuffer(migratekit_core.FfiConverterVolumeINSTANCE.LowerExternal(res))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod2
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod2(uniffiHandle C.uint64_t, volumeId C.RustBuffer, instanceId C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.AttachVolume", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.AttachVolume(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: volumeId,
			}),
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: instanceId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = FfiConverterStringINSTANCE.Lower(res)
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod3
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod3(uniffiHandle C.uint64_t, volumeId C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.DetachVolume", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.DetachVolume(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: volumeId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod4
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod4(uniffiHandle C.uint64_t, volumeId C.RustBuffer, uniffiOutReturn *C.void, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.DeleteVolume", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	err :=
		uniffiObj.DeleteVolume(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: volumeId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod5
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod5(uniffiHandle C.uint64_t, volumeId C.RustBuffer, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.GetVolume", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.GetVolume(
			FfiConverterStringINSTANCE.Lift(GoRustBuffer{
				inner: volumeId,
			}),
		)

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = FfiConverterOptionalVolumeINSTANCE.Lower(res)
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod6
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod6(uniffiHandle C.uint64_t, uniffiOutReturn *C.RustBuffer, callStatus *C.RustCallStatus) {
	defer uniffiRecoverPortPanic("VolumeDaemon.ListVolumes", callStatus)
	handle := uint64(uniffiHandle)
	uniffiObj, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(handle)
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}

	res, err :=
		uniffiObj.ListVolumes()

	if err != nil {
		var actualError *PortError
		if errors.As(err, &actualError) {
			*callStatus = C.RustCallStatus{
				code:     C.int8_t(uniffiCallbackResultError),
				errorBuf: FfiConverterPortErrorINSTANCE.Lower(actualError),
			}
		} else {
			*callStatus = uniffiUnexpectedPortError(err)
		}
		return
	}

	*uniffiOutReturn = FfiConverterSequenceVolumeINSTANCE.Lower(res)
}

var UniffiVTableCallbackInterfaceVolumeDaemonINSTANCE = C.UniffiVTableCallbackInterfaceVolumeDaemon{
	uniffiFree:   (C.UniffiCallbackInterfaceFree)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonFree),
	uniffiClone:  (C.UniffiCallbackInterfaceClone)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonClone),
	createVolume: (C.UniffiCallbackInterfaceVolumeDaemonMethod0)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod0),
	cloneVolume:  (C.UniffiCallbackInterfaceVolumeDaemonMethod1)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod1),
	attachVolume: (C.UniffiCallbackInterfaceVolumeDaemonMethod2)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod2),
	detachVolume: (C.UniffiCallbackInterfaceVolumeDaemonMethod3)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod3),
	deleteVolume: (C.UniffiCallbackInterfaceVolumeDaemonMethod4)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod4),
	getVolume:    (C.UniffiCallbackInterfaceVolumeDaemonMethod5)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod5),
	listVolumes:  (C.UniffiCallbackInterfaceVolumeDaemonMethod6)(C.migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonMethod6),
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonFree
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonFree(handle C.uint64_t) {
	FfiConverterVolumeDaemonINSTANCE.handleMap.remove(uint64(handle))
}

//export migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonClone
func migratekit_uniffi_ports_cgo_dispatchCallbackInterfaceVolumeDaemonClone(handle C.uint64_t) C.uint64_t {
	val, ok := FfiConverterVolumeDaemonINSTANCE.handleMap.tryGet(uint64(handle))
	if !ok {
		panic(fmt.Errorf("no callback in handle map: %d", handle))
	}
	return C.uint64_t(FfiConverterVolumeDaemonINSTANCE.handleMap.insert(val))
}

func (c FfiConverterVolumeDaemon) register() {
	C.uniffi_migratekit_uniffi_fn_init_callback_vtable_volumedaemon(&UniffiVTableCallbackInterfaceVolumeDaemonINSTANCE)
}

// A page of `list_contexts`.
type ContextPage struct {
	// The items of this page.
	Items []migratekit_core.ReplicationContext
	// Offset of the next page, `None` on the last one (and when
	// paging by cursor).
	NextOffset *uint64
	// Cursor of the next page (pass it as `after`), `None` on the
	// last one.
	NextCursor *string
}

func (r *ContextPage) Destroy() {
	FfiDestroyerSequenceReplicationContext{}.Destroy(r.Items)
	FfiDestroyerOptionalUint64{}.Destroy(r.NextOffset)
	FfiDestroyerOptionalString{}.Destroy(r.NextCursor)
}

type FfiConverterContextPage struct{}

var FfiConverterContextPageINSTANCE = FfiConverterContextPage{}

func (c FfiConverterContextPage) Lift(rb RustBufferI) ContextPage {
	return LiftFromRustBuffer[ContextPage](c, rb)
}

func (c FfiConverterContextPage) Read(reader io.Reader) ContextPage {
	return ContextPage{
		FfiConverterSequenceReplicationContextINSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterContextPage) Lower(value ContextPage) C.RustBuffer {
	return LowerIntoRustBuffer[ContextPage](c, value)
}

func (c FfiConverterContextPage) LowerExternal(value ContextPage) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ContextPage](c, value))
}

func (c FfiConverterContextPage) Write(writer io.Writer, value ContextPage) {
	FfiConverterSequenceReplicationContextINSTANCE.Write(writer, value.Items)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.NextOffset)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.NextCursor)
}

type FfiDestroyerContextPage struct{}

func (_ FfiDestroyerContextPage) Destroy(value ContextPage) {
	value.Destroy()
}

// A page of `list_jobs`, newest first.
type JobPage struct {
	// The items of this page.
	Items []migratekit_core.ReplicationJob
	// Offset of the next page, `None` on the last one (and when
	// paging by cursor).
	NextOffset *uint64
	// Cursor of the next page (pass it as `after`), `None` on the
	// last one.
	NextCursor *string
}

func (r *JobPage) Destroy() {
	FfiDestroyerSequenceReplicationJob{}.Destroy(r.Items)
	FfiDestroyerOptionalUint64{}.Destroy(r.NextOffset)
	FfiDestroyerOptionalString{}.Destroy(r.NextCursor)
}

type FfiConverterJobPage struct{}

var FfiConverterJobPageINSTANCE = FfiConverterJobPage{}

func (c FfiConverterJobPage) Lift(rb RustBufferI) JobPage {
	return LiftFromRustBuffer[JobPage](c, rb)
}

func (c FfiConverterJobPage) Read(reader io.Reader) JobPage {
	return JobPage{
		FfiConverterSequenceReplicationJobINSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterJobPage) Lower(value JobPage) C.RustBuffer {
	return LowerIntoRustBuffer[JobPage](c, value)
}

func (c FfiConverterJobPage) LowerExternal(value JobPage) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[JobPage](c, value))
}

func (c FfiConverterJobPage) Write(writer io.Writer, value JobPage) {
	FfiConverterSequenceReplicationJobINSTANCE.Write(writer, value.Items)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.NextOffset)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.NextCursor)
}

type FfiDestroyerJobPage struct{}

func (_ FfiDestroyerJobPage) Destroy(value JobPage) {
	value.Destroy()
}

// A page of `log_jobs`, newest first.
type LogJobPage struct {
	// The items of this page.
	Items []migratekit_core.LogJob
	// Offset of the next page, `None` on the last one (and when
	// paging by cursor).
	NextOffset *uint64
	// Cursor of the next page (pass it as `after`), `None` on the
	// last one.
	NextCursor *string
}

func (r *LogJobPage) Destroy() {
	FfiDestroyerSequenceLogJob{}.Destroy(r.Items)
	FfiDestroyerOptionalUint64{}.Destroy(r.NextOffset)
	FfiDestroyerOptionalString{}.Destroy(r.NextCursor)
}

type FfiConverterLogJobPage struct{}

var FfiConverterLogJobPageINSTANCE = FfiConverterLogJobPage{}

func (c FfiConverterLogJobPage) Lift(rb RustBufferI) LogJobPage {
	return LiftFromRustBuffer[LogJobPage](c, rb)
}

func (c FfiConverterLogJobPage) Read(reader io.Reader) LogJobPage {
	return LogJobPage{
		FfiConverterSequenceLogJobINSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterLogJobPage) Lower(value LogJobPage) C.RustBuffer {
	return LowerIntoRustBuffer[LogJobPage](c, value)
}

func (c FfiConverterLogJobPage) LowerExternal(value LogJobPage) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[LogJobPage](c, value))
}

func (c FfiConverterLogJobPage) Write(writer io.Writer, value LogJobPage) {
	FfiConverterSequenceLogJobINSTANCE.Write(writer, value.Items)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.NextOffset)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.NextCursor)
}

type FfiDestroyerLogJobPage struct{}

func (_ FfiDestroyerLogJobPage) Destroy(value LogJobPage) {
	value.Destroy()
}

// How to open a manager; every field but `path` may be left at its default.
type OpenOptions struct {
	// The SQLite file (created and migrated when missing).
	Path string
	// Volumes as sparse files in this directory (the bundled `LocalVolumes`).
	VolumesDir *string
	// NBD exports by a qemu-storage-daemon with its state in this directory.
	QsdDir *string
	// Its NBD port (default 10809).
	NbdPort *uint16
	// The testkit's in-memory fakes for every port not given otherwise.
	Fakes bool
	// A manual clock standing at this time (moved by `advance_clock`).
	Now *migratekit_core.UtcTime
	// The appliance's instance id (default `oma-appliance`).
	ApplianceId *string
	// The operation lease, in seconds (default 60).
	OperationLeaseSeconds *float64
	// How durable commits are (default `Normal`).
	Durability *migratekit_core.Durability
}

func (r *OpenOptions) Destroy() {
	FfiDestroyerString{}.Destroy(r.Path)
	FfiDestroyerOptionalString{}.Destroy(r.VolumesDir)
	FfiDestroyerOptionalString{}.Destroy(r.QsdDir)
	FfiDestroyerOptionalUint16{}.Destroy(r.NbdPort)
	FfiDestroyerBool{}.Destroy(r.Fakes)
	FfiDestroyerOptionalUtcTime{}.Destroy(r.Now)
	FfiDestroyerOptionalString{}.Destroy(r.ApplianceId)
	FfiDestroyerOptionalFloat64{}.Destroy(r.OperationLeaseSeconds)
	FfiDestroyerOptionalDurability{}.Destroy(r.Durability)
}

type FfiConverterOpenOptions struct{}

var FfiConverterOpenOptionsINSTANCE = FfiConverterOpenOptions{}

func (c FfiConverterOpenOptions) Lift(rb RustBufferI) OpenOptions {
	return LiftFromRustBuffer[OpenOptions](c, rb)
}

func (c FfiConverterOpenOptions) Read(reader io.Reader) OpenOptions {
	return OpenOptions{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalUint16INSTANCE.Read(reader),
		FfiConverterBoolINSTANCE.Read(reader),
		FfiConverterOptionalUtcTimeINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalFloat64INSTANCE.Read(reader),
		FfiConverterOptionalDurabilityINSTANCE.Read(reader),
	}
}

func (c FfiConverterOpenOptions) Lower(value OpenOptions) C.RustBuffer {
	return LowerIntoRustBuffer[OpenOptions](c, value)
}

func (c FfiConverterOpenOptions) LowerExternal(value OpenOptions) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[OpenOptions](c, value))
}

func (c FfiConverterOpenOptions) Write(writer io.Writer, value OpenOptions) {
	FfiConverterStringINSTANCE.Write(writer, value.Path)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.VolumesDir)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.QsdDir)
	FfiConverterOptionalUint16INSTANCE.Write(writer, value.NbdPort)
	FfiConverterBoolINSTANCE.Write(writer, value.Fakes)
	FfiConverterOptionalUtcTimeINSTANCE.Write(writer, value.Now)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ApplianceId)
	FfiConverterOptionalFloat64INSTANCE.Write(writer, value.OperationLeaseSeconds)
	FfiConverterOptionalDurabilityINSTANCE.Write(writer, value.Durability)
}

type FfiDestroyerOpenOptions struct{}

func (_ FfiDestroyerOpenOptions) Destroy(value OpenOptions) {
	value.Destroy()
}

// An operation's typed answer: one variant per registry operation, holding
// what the [`crate::Manager`] method of the same name returns.
type Answer interface {
	Destroy()
}

// `create_migration`.
type AnswerCreateMigration struct {
	Answer migratekit_core.CreateMigrationResponse
}

func (e AnswerCreateMigration) Destroy() {
	migratekit_core.FfiDestroyerCreateMigrationResponse{}.Destroy(e.Answer)
}

// `add_to_management`.
type AnswerAddToManagement struct {
	Answer migratekit_core.ContextCreated
}

func (e AnswerAddToManagement) Destroy() {
	migratekit_core.FfiDestroyerContextCreated{}.Destroy(e.Answer)
}

// `add_to_management_bulk`.
type AnswerAddToManagementBulk struct {
	Answer migratekit_core.BulkAddResponse
}

func (e AnswerAddToManagementBulk) Destroy() {
	migratekit_core.FfiDestroyerBulkAddResponse{}.Destroy(e.Answer)
}

// `get_context`.
type AnswerGetContext struct {
	Answer migratekit_core.ReplicationContext
}

func (e AnswerGetContext) Destroy() {
	migratekit_core.FfiDestroyerReplicationContext{}.Destroy(e.Answer)
}

// `list_contexts`.
type AnswerListContexts struct {
	Answer ContextPage
}

func (e AnswerListContexts) Destroy() {
	FfiDestroyerContextPage{}.Destroy(e.Answer)
}

// `get_job`.
type AnswerGetJob struct {
	Answer migratekit_core.ReplicationJob
}

func (e AnswerGetJob) Destroy() {
	migratekit_core.FfiDestroyerReplicationJob{}.Destroy(e.Answer)
}

// `list_jobs`.
type AnswerListJobs struct {
	Answer JobPage
}

func (e AnswerListJobs) Destroy() {
	FfiDestroyerJobPage{}.Destroy(e.Answer)
}

// `update_job_progress`.
type AnswerUpdateJobProgress struct {
	Answer migratekit_core.ReplicationJob
}

func (e AnswerUpdateJobProgress) Destroy() {
	migratekit_core.FfiDestroyerReplicationJob{}.Destroy(e.Answer)
}

// `complete_job`.
type AnswerCompleteJob struct {
	Answer migratekit_core.ReplicationJob
}

func (e AnswerCompleteJob) Destroy() {
	migratekit_core.FfiDestroyerReplicationJob{}.Destroy(e.Answer)
}

// `fail_job`.
type AnswerFailJob struct {
	Answer migratekit_core.ReplicationJob
}

func (e AnswerFailJob) Destroy() {
	migratekit_core.FfiDestroyerReplicationJob{}.Destroy(e.Answer)
}

// `cancel_job`.
type AnswerCancelJob struct {
	Answer migratekit_core.ReplicationJob
}

func (e AnswerCancelJob) Destroy() {
	migratekit_core.FfiDestroyerReplicationJob{}.Destroy(e.Answer)
}

// `remove_from_management`.
type AnswerRemoveFromManagement struct {
	Answer migratekit_core.Removed
}

func (e AnswerRemoveFromManagement) Destroy() {
	migratekit_core.FfiDestroyerRemoved{}.Destroy(e.Answer)
}

// `delete_job`.
type AnswerDeleteJob struct {
	Answer migratekit_core.JobDeleted
}

func (e AnswerDeleteJob) Destroy() {
	migratekit_core.FfiDestroyerJobDeleted{}.Destroy(e.Answer)
}

// `test_failover`.
type AnswerTestFailover struct {
	Answer migratekit_core.FailoverResult
}

func (e AnswerTestFailover) Destroy() {
	migratekit_core.FfiDestroyerFailoverResult{}.Destroy(e.Answer)
}

// `cleanup_test_failover`.
type AnswerCleanupTestFailover struct {
	Answer migratekit_core.FailoverResult
}

func (e AnswerCleanupTestFailover) Destroy() {
	migratekit_core.FfiDestroyerFailoverResult{}.Destroy(e.Answer)
}

// `live_failover`.
type AnswerLiveFailover struct {
	Answer migratekit_core.FailoverResult
}

func (e AnswerLiveFailover) Destroy() {
	migratekit_core.FfiDestroyerFailoverResult{}.Destroy(e.Answer)
}

// `rollback_live_failover`.
type AnswerRollbackLiveFailover struct {
	Answer migratekit_core.FailoverResult
}

func (e AnswerRollbackLiveFailover) Destroy() {
	migratekit_core.FfiDestroyerFailoverResult{}.Destroy(e.Answer)
}

// `complete_migration`.
type AnswerCompleteMigration struct {
	Answer migratekit_core.FailoverResult
}

func (e AnswerCompleteMigration) Destroy() {
	migratekit_core.FfiDestroyerFailoverResult{}.Destroy(e.Answer)
}

// `abort_operation`.
type AnswerAbortOperation struct {
	Answer migratekit_core.FailoverResult
}

func (e AnswerAbortOperation) Destroy() {
	migratekit_core.FfiDestroyerFailoverResult{}.Destroy(e.Answer)
}

// `list_volumes`.
type AnswerListVolumes struct {
	Answer []migratekit_core.VolumeRecord
}

func (e AnswerListVolumes) Destroy() {
	FfiDestroyerSequenceVolumeRecord{}.Destroy(e.Answer)
}

// `list_failover_jobs`.
type AnswerListFailoverJobs struct {
	Answer []migratekit_core.FailoverJob
}

func (e AnswerListFailoverJobs) Destroy() {
	FfiDestroyerSequenceFailoverJob{}.Destroy(e.Answer)
}

// `reconcile`.
type AnswerReconcile struct {
	Answer migratekit_core.ReconcileReport
}

func (e AnswerReconcile) Destroy() {
	migratekit_core.FfiDestroyerReconcileReport{}.Destroy(e.Answer)
}

// `create_schedule`.
type AnswerCreateSchedule struct {
	Answer migratekit_core.Schedule
}

func (e AnswerCreateSchedule) Destroy() {
	migratekit_core.FfiDestroyerSchedule{}.Destroy(e.Answer)
}

// `list_schedules`.
type AnswerListSchedules struct {
	Answer []migratekit_core.Schedule
}

func (e AnswerListSchedules) Destroy() {
	FfiDestroyerSequenceSchedule{}.Destroy(e.Answer)
}

// `set_schedule_enabled`.
type AnswerSetScheduleEnabled struct {
	Answer migratekit_core.Schedule
}

func (e AnswerSetScheduleEnabled) Destroy() {
	migratekit_core.FfiDestroyerSchedule{}.Destroy(e.Answer)
}

// `create_group`.
type AnswerCreateGroup struct {
	Answer migratekit_core.VmGroup
}

func (e AnswerCreateGroup) Destroy() {
	migratekit_core.FfiDestroyerVmGroup{}.Destroy(e.Answer)
}

// `get_group`.
type AnswerGetGroup struct {
	Answer migratekit_core.GroupDetails
}

func (e AnswerGetGroup) Destroy() {
	migratekit_core.FfiDestroyerGroupDetails{}.Destroy(e.Answer)
}

// `list_groups`.
type AnswerListGroups struct {
	Answer []migratekit_core.VmGroup
}

func (e AnswerListGroups) Destroy() {
	FfiDestroyerSequenceVmGroup{}.Destroy(e.Answer)
}

// `attach_schedule`.
type AnswerAttachSchedule struct {
	Answer migratekit_core.VmGroup
}

func (e AnswerAttachSchedule) Destroy() {
	migratekit_core.FfiDestroyerVmGroup{}.Destroy(e.Answer)
}

// `add_to_group`.
type AnswerAddToGroup struct {
	Answer migratekit_core.GroupMember
}

func (e AnswerAddToGroup) Destroy() {
	migratekit_core.FfiDestroyerGroupMember{}.Destroy(e.Answer)
}

// `remove_from_group` (the method answers nothing; the contract's
// answer names the context).
type AnswerRemoveFromGroup struct {
	ContextId string
}

func (e AnswerRemoveFromGroup) Destroy() {
	FfiDestroyerString{}.Destroy(e.ContextId)
}

// `run_due_schedules`.
type AnswerRunDueSchedules struct {
	Answer []migratekit_core.ScheduleExecution
}

func (e AnswerRunDueSchedules) Destroy() {
	FfiDestroyerSequenceScheduleExecution{}.Destroy(e.Answer)
}

// `list_schedule_executions`.
type AnswerListScheduleExecutions struct {
	Answer []migratekit_core.ScheduleExecution
}

func (e AnswerListScheduleExecutions) Destroy() {
	FfiDestroyerSequenceScheduleExecution{}.Destroy(e.Answer)
}

// `log_job`.
type AnswerLogJob struct {
	Answer migratekit_core.LogJob
}

func (e AnswerLogJob) Destroy() {
	migratekit_core.FfiDestroyerLogJob{}.Destroy(e.Answer)
}

// `log_jobs`.
type AnswerLogJobs struct {
	Answer LogJobPage
}

func (e AnswerLogJobs) Destroy() {
	FfiDestroyerLogJobPage{}.Destroy(e.Answer)
}

// `prune_job_log`.
type AnswerPruneJobLog struct {
	Pruned uint64
}

func (e AnswerPruneJobLog) Destroy() {
	FfiDestroyerUint64{}.Destroy(e.Pruned)
}

type FfiConverterAnswer struct{}

var FfiConverterAnswerINSTANCE = FfiConverterAnswer{}

func (c FfiConverterAnswer) Lift(rb RustBufferI) Answer {
	return LiftFromRustBuffer[Answer](c, rb)
}

func (c FfiConverterAnswer) Lower(value Answer) C.RustBuffer {
	return LowerIntoRustBuffer[Answer](c, value)
}

func (c FfiConverterAnswer) LowerExternal(value Answer) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Answer](c, value))
}
func (FfiConverterAnswer) Read(reader io.Reader) Answer {
	id := readInt32(reader)
	switch id {
	case 1:
		return AnswerCreateMigration{
			migratekit_core.FfiConverterCreateMigrationResponseINSTANCE.Read(reader),
		}
	case 2:
		return AnswerAddToManagement{
			migratekit_core.FfiConverterContextCreatedINSTANCE.Read(reader),
		}
	case 3:
		return AnswerAddToManagementBulk{
			migratekit_core.FfiConverterBulkAddResponseINSTANCE.Read(reader),
		}
	case 4:
		return AnswerGetContext{
			migratekit_core.FfiConverterReplicationContextINSTANCE.Read(reader),
		}
	case 5:
		return AnswerListContexts{
			FfiConverterContextPageINSTANCE.Read(reader),
		}
	case 6:
		return AnswerGetJob{
			migratekit_core.FfiConverterReplicationJobINSTANCE.Read(reader),
		}
	case 7:
		return AnswerListJobs{
			FfiConverterJobPageINSTANCE.Read(reader),
		}
	case 8:
		return AnswerUpdateJobProgress{
			migratekit_core.FfiConverterReplicationJobINSTANCE.Read(reader),
		}
	case 9:
		return AnswerCompleteJob{
			migratekit_core.FfiConverterReplicationJobINSTANCE.Read(reader),
		}
	case 10:
		return AnswerFailJob{
			migratekit_core.FfiConverterReplicationJobINSTANCE.Read(reader),
		}
	case 11:
		return AnswerCancelJob{
			migratekit_core.FfiConverterReplicationJobINSTANCE.Read(reader),
		}
	case 12:
		return AnswerRemoveFromManagement{
			migratekit_core.FfiConverterRemovedINSTANCE.Read(reader),
		}
	case 13:
		return AnswerDeleteJob{
			migratekit_core.FfiConverterJobDeletedINSTANCE.Read(reader),
		}
	case 14:
		return AnswerTestFailover{
			migratekit_core.FfiConverterFailoverResultINSTANCE.Read(reader),
		}
	case 15:
		return AnswerCleanupTestFailover{
			migratekit_core.FfiConverterFailoverResultINSTANCE.Read(reader),
		}
	case 16:
		return AnswerLiveFailover{
			migratekit_core.FfiConverterFailoverResultINSTANCE.Read(reader),
		}
	case 17:
		return AnswerRollbackLiveFailover{
			migratekit_core.FfiConverterFailoverResultINSTANCE.Read(reader),
		}
	case 18:
		return AnswerCompleteMigration{
			migratekit_core.FfiConverterFailoverResultINSTANCE.Read(reader),
		}
	case 19:
		return AnswerAbortOperation{
			migratekit_core.FfiConverterFailoverResultINSTANCE.Read(reader),
		}
	case 20:
		return AnswerListVolumes{
			FfiConverterSequenceVolumeRecordINSTANCE.Read(reader),
		}
	case 21:
		return AnswerListFailoverJobs{
			FfiConverterSequenceFailoverJobINSTANCE.Read(reader),
		}
	case 22:
		return AnswerReconcile{
			migratekit_core.FfiConverterReconcileReportINSTANCE.Read(reader),
		}
	case 23:
		return AnswerCreateSchedule{
			migratekit_core.FfiConverterScheduleINSTANCE.Read(reader),
		}
	case 24:
		return AnswerListSchedules{
			FfiConverterSequenceScheduleINSTANCE.Read(reader),
		}
	case 25:
		return AnswerSetScheduleEnabled{
			migratekit_core.FfiConverterScheduleINSTANCE.Read(reader),
		}
	case 26:
		return AnswerCreateGroup{
			migratekit_core.FfiConverterVmGroupINSTANCE.Read(reader),
		}
	case 27:
		return AnswerGetGroup{
			migratekit_core.FfiConverterGroupDetailsINSTANCE.Read(reader),
		}
	case 28:
		return AnswerListGroups{
			FfiConverterSequenceVmGroupINSTANCE.Read(reader),
		}
	case 29:
		return AnswerAttachSchedule{
			migratekit_core.FfiConverterVmGroupINSTANCE.Read(reader),
		}
	case 30:
		return AnswerAddToGroup{
			migratekit_core.FfiConverterGroupMemberINSTANCE.Read(reader),
		}
	case 31:
		return AnswerRemoveFromGroup{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 32:
		return AnswerRunDueSchedules{
			FfiConverterSequenceScheduleExecutionINSTANCE.Read(reader),
		}
	case 33:
		return AnswerListScheduleExecutions{
			FfiConverterSequenceScheduleExecutionINSTANCE.Read(reader),
		}
	case 34:
		return AnswerLogJob{
			migratekit_core.FfiConverterLogJobINSTANCE.Read(reader),
		}
	case 35:
		return AnswerLogJobs{
			FfiConverterLogJobPageINSTANCE.Read(reader),
		}
	case 36:
		return AnswerPruneJobLog{
			FfiConverterUint64INSTANCE.Read(reader),
		}
	default:
		panic(fmt.Sprintf("invalid enum value %v in FfiConverterAnswer.Read()", id))
	}
}

func (FfiConverterAnswer) Write(writer io.Writer, value Answer) {
	switch variant_value := value.(type) {
	case AnswerCreateMigration:
		writeInt32(writer, 1)
		migratekit_core.FfiConverterCreateMigrationResponseINSTANCE.Write(writer, variant_value.Answer)
	case AnswerAddToManagement:
		writeInt32(writer, 2)
		migratekit_core.FfiConverterContextCreatedINSTANCE.Write(writer, variant_value.Answer)
	case AnswerAddToManagementBulk:
		writeInt32(writer, 3)
		migratekit_core.FfiConverterBulkAddResponseINSTANCE.Write(writer, variant_value.Answer)
	case AnswerGetContext:
		writeInt32(writer, 4)
		migratekit_core.FfiConverterReplicationContextINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListContexts:
		writeInt32(writer, 5)
		FfiConverterContextPageINSTANCE.Write(writer, variant_value.Answer)
	case AnswerGetJob:
		writeInt32(writer, 6)
		migratekit_core.FfiConverterReplicationJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListJobs:
		writeInt32(writer, 7)
		FfiConverterJobPageINSTANCE.Write(writer, variant_value.Answer)
	case AnswerUpdateJobProgress:
		writeInt32(writer, 8)
		migratekit_core.FfiConverterReplicationJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerCompleteJob:
		writeInt32(writer, 9)
		migratekit_core.FfiConverterReplicationJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerFailJob:
		writeInt32(writer, 10)
		migratekit_core.FfiConverterReplicationJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerCancelJob:
		writeInt32(writer, 11)
		migratekit_core.FfiConverterReplicationJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerRemoveFromManagement:
		writeInt32(writer, 12)
		migratekit_core.FfiConverterRemovedINSTANCE.Write(writer, variant_value.Answer)
	case AnswerDeleteJob:
		writeInt32(writer, 13)
		migratekit_core.FfiConverterJobDeletedINSTANCE.Write(writer, variant_value.Answer)
	case AnswerTestFailover:
		writeInt32(writer, 14)
		migratekit_core.FfiConverterFailoverResultINSTANCE.Write(writer, variant_value.Answer)
	case AnswerCleanupTestFailover:
		writeInt32(writer, 15)
		migratekit_core.FfiConverterFailoverResultINSTANCE.Write(writer, variant_value.Answer)
	case AnswerLiveFailover:
		writeInt32(writer, 16)
		migratekit_core.FfiConverterFailoverResultINSTANCE.Write(writer, variant_value.Answer)
	case AnswerRollbackLiveFailover:
		writeInt32(writer, 17)
		migratekit_core.FfiConverterFailoverResultINSTANCE.Write(writer, variant_value.Answer)
	case AnswerCompleteMigration:
		writeInt32(writer, 18)
		migratekit_core.FfiConverterFailoverResultINSTANCE.Write(writer, variant_value.Answer)
	case AnswerAbortOperation:
		writeInt32(writer, 19)
		migratekit_core.FfiConverterFailoverResultINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListVolumes:
		writeInt32(writer, 20)
		FfiConverterSequenceVolumeRecordINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListFailoverJobs:
		writeInt32(writer, 21)
		FfiConverterSequenceFailoverJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerReconcile:
		writeInt32(writer, 22)
		migratekit_core.FfiConverterReconcileReportINSTANCE.Write(writer, variant_value.Answer)
	case AnswerCreateSchedule:
		writeInt32(writer, 23)
		migratekit_core.FfiConverterScheduleINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListSchedules:
		writeInt32(writer, 24)
		FfiConverterSequenceScheduleINSTANCE.Write(writer, variant_value.Answer)
	case AnswerSetScheduleEnabled:
		writeInt32(writer, 25)
		migratekit_core.FfiConverterScheduleINSTANCE.Write(writer, variant_value.Answer)
	case AnswerCreateGroup:
		writeInt32(writer, 26)
		migratekit_core.FfiConverterVmGroupINSTANCE.Write(writer, variant_value.Answer)
	case AnswerGetGroup:
		writeInt32(writer, 27)
		migratekit_core.FfiConverterGroupDetailsINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListGroups:
		writeInt32(writer, 28)
		FfiConverterSequenceVmGroupINSTANCE.Write(writer, variant_value.Answer)
	case AnswerAttachSchedule:
		writeInt32(writer, 29)
		migratekit_core.FfiConverterVmGroupINSTANCE.Write(writer, variant_value.Answer)
	case AnswerAddToGroup:
		writeInt32(writer, 30)
		migratekit_core.FfiConverterGroupMemberINSTANCE.Write(writer, variant_value.Answer)
	case AnswerRemoveFromGroup:
		writeInt32(writer, 31)
		FfiConverterStringINSTANCE.Write(writer, variant_value.ContextId)
	case AnswerRunDueSchedules:
		writeInt32(writer, 32)
		FfiConverterSequenceScheduleExecutionINSTANCE.Write(writer, variant_value.Answer)
	case AnswerListScheduleExecutions:
		writeInt32(writer, 33)
		FfiConverterSequenceScheduleExecutionINSTANCE.Write(writer, variant_value.Answer)
	case AnswerLogJob:
		writeInt32(writer, 34)
		migratekit_core.FfiConverterLogJobINSTANCE.Write(writer, variant_value.Answer)
	case AnswerLogJobs:
		writeInt32(writer, 35)
		FfiConverterLogJobPageINSTANCE.Write(writer, variant_value.Answer)
	case AnswerPruneJobLog:
		writeInt32(writer, 36)
		FfiConverterUint64INSTANCE.Write(writer, variant_value.Pruned)
	default:
		_ = variant_value
		panic(fmt.Sprintf("invalid enum value `%v` in FfiConverterAnswer.Write", value))
	}
}

type FfiDestroyerAnswer struct{}

func (_ FfiDestroyerAnswer) Destroy(value Answer) {
	value.Destroy()
}

// Every error of a [`crate::Manager`] call: one variant per stable code
// (`code`), each with the body's message (`summary`), `details`, its typed
// fields, and `body` — the contract's JSON error body as every surface
// renders it (`{"error", "code", "details", ...typed fields}`), to relay as
// it is.
type MkError struct {
	err error
}

// Convenience method to turn *MkError into error
// Avoiding treating nil pointer as non nil error interface
func (err *MkError) AsError() error {
	if err == nil {
		return nil
	} else {
		return err
	}
}

func (err MkError) Error() string {
	return fmt.Sprintf("MkError: %s", err.err.Error())
}

func (err MkError) Unwrap() error {
	return err.err
}

// Err* are used for checking error type with `errors.Is`
var ErrMkErrorAlreadyManaged = fmt.Errorf("MkErrorAlreadyManaged")
var ErrMkErrorReplicationActive = fmt.Errorf("MkErrorReplicationActive")
var ErrMkErrorInvalidTransition = fmt.Errorf("MkErrorInvalidTransition")
var ErrMkErrorNotFound = fmt.Errorf("MkErrorNotFound")
var ErrMkErrorAmbiguous = fmt.Errorf("MkErrorAmbiguous")
var ErrMkErrorValidation = fmt.Errorf("MkErrorValidation")
var ErrMkErrorOperationInProgress = fmt.Errorf("MkErrorOperationInProgress")
var ErrMkErrorStorage = fmt.Errorf("MkErrorStorage")
var ErrMkErrorIncompatibleSchema = fmt.Errorf("MkErrorIncompatibleSchema")
var ErrMkErrorAdapter = fmt.Errorf("MkErrorAdapter")
var ErrMkErrorInternal = fmt.Errorf("MkErrorInternal")

// Variant structs
// Add to management for a VM that already has a context.
type MkErrorAlreadyManaged struct {
	Code              migratekit_core.ErrorCode
	Summary           string
	Details           string
	Body              string
	VmName            string
	VmwareVmId        string
	ExistingContextId string
}

// Add to management for a VM that already has a context.
func NewMkErrorAlreadyManaged(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	vmName string,
	vmwareVmId string,
	existingContextId string,
) *MkError {
	return &MkError{err: &MkErrorAlreadyManaged{
		Code:              code,
		Summary:           summary,
		Details:           details,
		Body:              body,
		VmName:            vmName,
		VmwareVmId:        vmwareVmId,
		ExistingContextId: existingContextId}}
}

func (e MkErrorAlreadyManaged) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.VmName)
	FfiDestroyerString{}.Destroy(e.VmwareVmId)
	FfiDestroyerString{}.Destroy(e.ExistingContextId)
}

func (err MkErrorAlreadyManaged) Error() string {
	return fmt.Sprint("AlreadyManaged",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"VmName=",
		err.VmName,
		", ",
		"VmwareVmId=",
		err.VmwareVmId,
		", ",
		"ExistingContextId=",
		err.ExistingContextId,
	)
}

func (self MkErrorAlreadyManaged) Is(target error) bool {
	return target == ErrMkErrorAlreadyManaged
}

// Start replication while a job is active.
type MkErrorReplicationActive struct {
	Code      migratekit_core.ErrorCode
	Summary   string
	Details   string
	Body      string
	ContextId string
	JobId     string
}

// Start replication while a job is active.
func NewMkErrorReplicationActive(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	contextId string,
	jobId string,
) *MkError {
	return &MkError{err: &MkErrorReplicationActive{
		Code:      code,
		Summary:   summary,
		Details:   details,
		Body:      body,
		ContextId: contextId,
		JobId:     jobId}}
}

func (e MkErrorReplicationActive) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.ContextId)
	FfiDestroyerString{}.Destroy(e.JobId)
}

func (err MkErrorReplicationActive) Error() string {
	return fmt.Sprint("ReplicationActive",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"ContextId=",
		err.ContextId,
		", ",
		"JobId=",
		err.JobId,
	)
}

func (self MkErrorReplicationActive) Is(target error) bool {
	return target == ErrMkErrorReplicationActive
}

// The lifecycle table forbids the operation in the current status.
type MkErrorInvalidTransition struct {
	Code      migratekit_core.ErrorCode
	Summary   string
	Details   string
	Body      string
	Subject   string
	Status    string
	Operation string
}

// The lifecycle table forbids the operation in the current status.
func NewMkErrorInvalidTransition(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	subject string,
	status string,
	operation string,
) *MkError {
	return &MkError{err: &MkErrorInvalidTransition{
		Code:      code,
		Summary:   summary,
		Details:   details,
		Body:      body,
		Subject:   subject,
		Status:    status,
		Operation: operation}}
}

func (e MkErrorInvalidTransition) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.Subject)
	FfiDestroyerString{}.Destroy(e.Status)
	FfiDestroyerString{}.Destroy(e.Operation)
}

func (err MkErrorInvalidTransition) Error() string {
	return fmt.Sprint("InvalidTransition",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"Subject=",
		err.Subject,
		", ",
		"Status=",
		err.Status,
		", ",
		"Operation=",
		err.Operation,
	)
}

func (self MkErrorInvalidTransition) Is(target error) bool {
	return target == ErrMkErrorInvalidTransition
}

// No such context, job or log entry.
type MkErrorNotFound struct {
	Code    migratekit_core.ErrorCode
	Summary string
	Details string
	Body    string
	Kind    string
	Id      string
}

// No such context, job or log entry.
func NewMkErrorNotFound(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	kind string,
	id string,
) *MkError {
	return &MkError{err: &MkErrorNotFound{
		Code:    code,
		Summary: summary,
		Details: details,
		Body:    body,
		Kind:    kind,
		Id:      id}}
}

func (e MkErrorNotFound) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.Kind)
	FfiDestroyerString{}.Destroy(e.Id)
}

func (err MkErrorNotFound) Error() string {
	return fmt.Sprint("NotFound",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"Kind=",
		err.Kind,
		", ",
		"Id=",
		err.Id,
	)
}

func (self MkErrorNotFound) Is(target error) bool {
	return target == ErrMkErrorNotFound
}

// A VM name or id matches several contexts.
type MkErrorAmbiguous struct {
	Code    migratekit_core.ErrorCode
	Summary string
	Details string
	Body    string
	Id      string
	Matches []string
}

// A VM name or id matches several contexts.
func NewMkErrorAmbiguous(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	id string,
	matches []string,
) *MkError {
	return &MkError{err: &MkErrorAmbiguous{
		Code:    code,
		Summary: summary,
		Details: details,
		Body:    body,
		Id:      id,
		Matches: matches}}
}

func (e MkErrorAmbiguous) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.Id)
	FfiDestroyerSequenceString{}.Destroy(e.Matches)
}

func (err MkErrorAmbiguous) Error() string {
	return fmt.Sprint("Ambiguous",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"Id=",
		err.Id,
		", ",
		"Matches=",
		err.Matches,
	)
}

func (self MkErrorAmbiguous) Is(target error) bool {
	return target == ErrMkErrorAmbiguous
}

// Bad input: missing, empty, too long, wrong type, unknown field.
type MkErrorValidation struct {
	Code    migratekit_core.ErrorCode
	Summary string
	Details string
	Body    string
	Field   string
	Reason  string
}

// Bad input: missing, empty, too long, wrong type, unknown field.
func NewMkErrorValidation(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	field string,
	reason string,
) *MkError {
	return &MkError{err: &MkErrorValidation{
		Code:    code,
		Summary: summary,
		Details: details,
		Body:    body,
		Field:   field,
		Reason:  reason}}
}

func (e MkErrorValidation) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.Field)
	FfiDestroyerString{}.Destroy(e.Reason)
}

func (err MkErrorValidation) Error() string {
	return fmt.Sprint("Validation",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"Field=",
		err.Field,
		", ",
		"Reason=",
		err.Reason,
	)
}

func (self MkErrorValidation) Is(target error) bool {
	return target == ErrMkErrorValidation
}

// Another operation holds the context's lock.
type MkErrorOperationInProgress struct {
	Code      migratekit_core.ErrorCode
	Summary   string
	Details   string
	Body      string
	ContextId string
	Operation string
	JobId     string
}

// Another operation holds the context's lock.
func NewMkErrorOperationInProgress(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	contextId string,
	operation string,
	jobId string,
) *MkError {
	return &MkError{err: &MkErrorOperationInProgress{
		Code:      code,
		Summary:   summary,
		Details:   details,
		Body:      body,
		ContextId: contextId,
		Operation: operation,
		JobId:     jobId}}
}

func (e MkErrorOperationInProgress) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.ContextId)
	FfiDestroyerString{}.Destroy(e.Operation)
	FfiDestroyerString{}.Destroy(e.JobId)
}

func (err MkErrorOperationInProgress) Error() string {
	return fmt.Sprint("OperationInProgress",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"ContextId=",
		err.ContextId,
		", ",
		"Operation=",
		err.Operation,
		", ",
		"JobId=",
		err.JobId,
	)
}

func (self MkErrorOperationInProgress) Is(target error) bool {
	return target == ErrMkErrorOperationInProgress
}

// The store failed (I/O, corrupt file, lock timeout).
type MkErrorStorage struct {
	Code    migratekit_core.ErrorCode
	Summary string
	Details string
	Body    string
}

// The store failed (I/O, corrupt file, lock timeout).
func NewMkErrorStorage(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
) *MkError {
	return &MkError{err: &MkErrorStorage{
		Code:    code,
		Summary: summary,
		Details: details,
		Body:    body}}
}

func (e MkErrorStorage) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
}

func (err MkErrorStorage) Error() string {
	return fmt.Sprint("Storage",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
	)
}

func (self MkErrorStorage) Is(target error) bool {
	return target == ErrMkErrorStorage
}

// The database was written by a newer migratekit.
type MkErrorIncompatibleSchema struct {
	Code      migratekit_core.ErrorCode
	Summary   string
	Details   string
	Body      string
	Found     uint32
	Supported uint32
}

// The database was written by a newer migratekit.
func NewMkErrorIncompatibleSchema(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	found uint32,
	supported uint32,
) *MkError {
	return &MkError{err: &MkErrorIncompatibleSchema{
		Code:      code,
		Summary:   summary,
		Details:   details,
		Body:      body,
		Found:     found,
		Supported: supported}}
}

func (e MkErrorIncompatibleSchema) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerUint32{}.Destroy(e.Found)
	FfiDestroyerUint32{}.Destroy(e.Supported)
}

func (err MkErrorIncompatibleSchema) Error() string {
	return fmt.Sprint("IncompatibleSchema",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"Found=",
		err.Found,
		", ",
		"Supported=",
		err.Supported,
	)
}

func (self MkErrorIncompatibleSchema) Is(target error) bool {
	return target == ErrMkErrorIncompatibleSchema
}

// A port (volume daemon, NBD exporter, target cloud) failed.
type MkErrorAdapter struct {
	Code      migratekit_core.ErrorCode
	Summary   string
	Details   string
	Body      string
	Operation string
	Step      string
}

// A port (volume daemon, NBD exporter, target cloud) failed.
func NewMkErrorAdapter(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
	operation string,
	step string,
) *MkError {
	return &MkError{err: &MkErrorAdapter{
		Code:      code,
		Summary:   summary,
		Details:   details,
		Body:      body,
		Operation: operation,
		Step:      step}}
}

func (e MkErrorAdapter) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
	FfiDestroyerString{}.Destroy(e.Operation)
	FfiDestroyerString{}.Destroy(e.Step)
}

func (err MkErrorAdapter) Error() string {
	return fmt.Sprint("Adapter",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
		", ",
		"Operation=",
		err.Operation,
		", ",
		"Step=",
		err.Step,
	)
}

func (self MkErrorAdapter) Is(target error) bool {
	return target == ErrMkErrorAdapter
}

// A broken invariant (or a panic), reported instead of a crash.
type MkErrorInternal struct {
	Code    migratekit_core.ErrorCode
	Summary string
	Details string
	Body    string
}

// A broken invariant (or a panic), reported instead of a crash.
func NewMkErrorInternal(
	code migratekit_core.ErrorCode,
	summary string,
	details string,
	body string,
) *MkError {
	return &MkError{err: &MkErrorInternal{
		Code:    code,
		Summary: summary,
		Details: details,
		Body:    body}}
}

func (e MkErrorInternal) destroy() {
	migratekit_core.FfiDestroyerErrorCode{}.Destroy(e.Code)
	FfiDestroyerString{}.Destroy(e.Summary)
	FfiDestroyerString{}.Destroy(e.Details)
	FfiDestroyerString{}.Destroy(e.Body)
}

func (err MkErrorInternal) Error() string {
	return fmt.Sprint("Internal",
		": ",

		"Code=",
		err.Code,
		", ",
		"Summary=",
		err.Summary,
		", ",
		"Details=",
		err.Details,
		", ",
		"Body=",
		err.Body,
	)
}

func (self MkErrorInternal) Is(target error) bool {
	return target == ErrMkErrorInternal
}

type FfiConverterMkError struct{}

var FfiConverterMkErrorINSTANCE = FfiConverterMkError{}

func (c FfiConverterMkError) Lift(eb RustBufferI) *MkError {
	return LiftFromRustBuffer[*MkError](c, eb)
}

func (c FfiConverterMkError) Lower(value *MkError) C.RustBuffer {
	return LowerIntoRustBuffer[*MkError](c, value)
}

func (c FfiConverterMkError) LowerExternal(value *MkError) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*MkError](c, value))
}

func (c FfiConverterMkError) Read(reader io.Reader) *MkError {
	errorID := readUint32(reader)

	switch errorID {
	case 1:
		return &MkError{&MkErrorAlreadyManaged{
			Code:              migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary:           FfiConverterStringINSTANCE.Read(reader),
			Details:           FfiConverterStringINSTANCE.Read(reader),
			Body:              FfiConverterStringINSTANCE.Read(reader),
			VmName:            FfiConverterStringINSTANCE.Read(reader),
			VmwareVmId:        FfiConverterStringINSTANCE.Read(reader),
			ExistingContextId: FfiConverterStringINSTANCE.Read(reader),
		}}
	case 2:
		return &MkError{&MkErrorReplicationActive{
			Code:      migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary:   FfiConverterStringINSTANCE.Read(reader),
			Details:   FfiConverterStringINSTANCE.Read(reader),
			Body:      FfiConverterStringINSTANCE.Read(reader),
			ContextId: FfiConverterStringINSTANCE.Read(reader),
			JobId:     FfiConverterStringINSTANCE.Read(reader),
		}}
	case 3:
		return &MkError{&MkErrorInvalidTransition{
			Code:      migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary:   FfiConverterStringINSTANCE.Read(reader),
			Details:   FfiConverterStringINSTANCE.Read(reader),
			Body:      FfiConverterStringINSTANCE.Read(reader),
			Subject:   FfiConverterStringINSTANCE.Read(reader),
			Status:    FfiConverterStringINSTANCE.Read(reader),
			Operation: FfiConverterStringINSTANCE.Read(reader),
		}}
	case 4:
		return &MkError{&MkErrorNotFound{
			Code:    migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary: FfiConverterStringINSTANCE.Read(reader),
			Details: FfiConverterStringINSTANCE.Read(reader),
			Body:    FfiConverterStringINSTANCE.Read(reader),
			Kind:    FfiConverterStringINSTANCE.Read(reader),
			Id:      FfiConverterStringINSTANCE.Read(reader),
		}}
	case 5:
		return &MkError{&MkErrorAmbiguous{
			Code:    migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary: FfiConverterStringINSTANCE.Read(reader),
			Details: FfiConverterStringINSTANCE.Read(reader),
			Body:    FfiConverterStringINSTANCE.Read(reader),
			Id:      FfiConverterStringINSTANCE.Read(reader),
			Matches: FfiConverterSequenceStringINSTANCE.Read(reader),
		}}
	case 6:
		return &MkError{&MkErrorValidation{
			Code:    migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary: FfiConverterStringINSTANCE.Read(reader),
			Details: FfiConverterStringINSTANCE.Read(reader),
			Body:    FfiConverterStringINSTANCE.Read(reader),
			Field:   FfiConverterStringINSTANCE.Read(reader),
			Reason:  FfiConverterStringINSTANCE.Read(reader),
		}}
	case 7:
		return &MkError{&MkErrorOperationInProgress{
			Code:      migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary:   FfiConverterStringINSTANCE.Read(reader),
			Details:   FfiConverterStringINSTANCE.Read(reader),
			Body:      FfiConverterStringINSTANCE.Read(reader),
			ContextId: FfiConverterStringINSTANCE.Read(reader),
			Operation: FfiConverterStringINSTANCE.Read(reader),
			JobId:     FfiConverterStringINSTANCE.Read(reader),
		}}
	case 8:
		return &MkError{&MkErrorStorage{
			Code:    migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary: FfiConverterStringINSTANCE.Read(reader),
			Details: FfiConverterStringINSTANCE.Read(reader),
			Body:    FfiConverterStringINSTANCE.Read(reader),
		}}
	case 9:
		return &MkError{&MkErrorIncompatibleSchema{
			Code:      migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary:   FfiConverterStringINSTANCE.Read(reader),
			Details:   FfiConverterStringINSTANCE.Read(reader),
			Body:      FfiConverterStringINSTANCE.Read(reader),
			Found:     FfiConverterUint32INSTANCE.Read(reader),
			Supported: FfiConverterUint32INSTANCE.Read(reader),
		}}
	case 10:
		return &MkError{&MkErrorAdapter{
			Code:      migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary:   FfiConverterStringINSTANCE.Read(reader),
			Details:   FfiConverterStringINSTANCE.Read(reader),
			Body:      FfiConverterStringINSTANCE.Read(reader),
			Operation: FfiConverterStringINSTANCE.Read(reader),
			Step:      FfiConverterStringINSTANCE.Read(reader),
		}}
	case 11:
		return &MkError{&MkErrorInternal{
			Code:    migratekit_core.FfiConverterErrorCodeINSTANCE.Read(reader),
			Summary: FfiConverterStringINSTANCE.Read(reader),
			Details: FfiConverterStringINSTANCE.Read(reader),
			Body:    FfiConverterStringINSTANCE.Read(reader),
		}}
	default:
		panic(fmt.Sprintf("Unknown error code %d in FfiConverterMkError.Read()", errorID))
	}
}

func (c FfiConverterMkError) Write(writer io.Writer, value *MkError) {
	switch variantValue := value.err.(type) {
	case *MkErrorAlreadyManaged:
		writeInt32(writer, 1)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.VmName)
		FfiConverterStringINSTANCE.Write(writer, variantValue.VmwareVmId)
		FfiConverterStringINSTANCE.Write(writer, variantValue.ExistingContextId)
	case *MkErrorReplicationActive:
		writeInt32(writer, 2)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.ContextId)
		FfiConverterStringINSTANCE.Write(writer, variantValue.JobId)
	case *MkErrorInvalidTransition:
		writeInt32(writer, 3)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Subject)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Status)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Operation)
	case *MkErrorNotFound:
		writeInt32(writer, 4)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Kind)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Id)
	case *MkErrorAmbiguous:
		writeInt32(writer, 5)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Id)
		FfiConverterSequenceStringINSTANCE.Write(writer, variantValue.Matches)
	case *MkErrorValidation:
		writeInt32(writer, 6)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Field)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Reason)
	case *MkErrorOperationInProgress:
		writeInt32(writer, 7)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.ContextId)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Operation)
		FfiConverterStringINSTANCE.Write(writer, variantValue.JobId)
	case *MkErrorStorage:
		writeInt32(writer, 8)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
	case *MkErrorIncompatibleSchema:
		writeInt32(writer, 9)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterUint32INSTANCE.Write(writer, variantValue.Found)
		FfiConverterUint32INSTANCE.Write(writer, variantValue.Supported)
	case *MkErrorAdapter:
		writeInt32(writer, 10)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Operation)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Step)
	case *MkErrorInternal:
		writeInt32(writer, 11)
		migratekit_core.FfiConverterErrorCodeINSTANCE.Write(writer, variantValue.Code)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Summary)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Body)
	default:
		_ = variantValue
		panic(fmt.Sprintf("invalid error value `%v` in FfiConverterMkError.Write", value))
	}
}

type FfiDestroyerMkError struct{}

func (_ FfiDestroyerMkError) Destroy(value *MkError) {
	switch variantValue := value.err.(type) {
	case MkErrorAlreadyManaged:
		variantValue.destroy()
	case MkErrorReplicationActive:
		variantValue.destroy()
	case MkErrorInvalidTransition:
		variantValue.destroy()
	case MkErrorNotFound:
		variantValue.destroy()
	case MkErrorAmbiguous:
		variantValue.destroy()
	case MkErrorValidation:
		variantValue.destroy()
	case MkErrorOperationInProgress:
		variantValue.destroy()
	case MkErrorStorage:
		variantValue.destroy()
	case MkErrorIncompatibleSchema:
		variantValue.destroy()
	case MkErrorAdapter:
		variantValue.destroy()
	case MkErrorInternal:
		variantValue.destroy()
	default:
		_ = variantValue
		panic(fmt.Sprintf("invalid error value `%v` in FfiDestroyerMkError.Destroy", value))
	}
}

// What a host's port answers when a call fails. Its `details` become the
// `details` of the `adapter` error the operation fails with (which names
// the operation and the step).
type PortError struct {
	err error
}

// Convenience method to turn *PortError into error
// Avoiding treating nil pointer as non nil error interface
func (err *PortError) AsError() error {
	if err == nil {
		return nil
	} else {
		return err
	}
}

func (err PortError) Error() string {
	return fmt.Sprintf("PortError: %s", err.err.Error())
}

func (err PortError) Unwrap() error {
	return err.err
}

// Err* are used for checking error type with `errors.Is`
var ErrPortErrorFailed = fmt.Errorf("PortErrorFailed")

// Variant structs
// The port could not do what it was asked.
type PortErrorFailed struct {
	Details string
}

// The port could not do what it was asked.
func NewPortErrorFailed(
	details string,
) *PortError {
	return &PortError{err: &PortErrorFailed{
		Details: details}}
}

func (e PortErrorFailed) destroy() {
	FfiDestroyerString{}.Destroy(e.Details)
}

func (err PortErrorFailed) Error() string {
	return fmt.Sprint("Failed",
		": ",

		"Details=",
		err.Details,
	)
}

func (self PortErrorFailed) Is(target error) bool {
	return target == ErrPortErrorFailed
}

type FfiConverterPortError struct{}

var FfiConverterPortErrorINSTANCE = FfiConverterPortError{}

func (c FfiConverterPortError) Lift(eb RustBufferI) *PortError {
	return LiftFromRustBuffer[*PortError](c, eb)
}

func (c FfiConverterPortError) Lower(value *PortError) C.RustBuffer {
	return LowerIntoRustBuffer[*PortError](c, value)
}

func (c FfiConverterPortError) LowerExternal(value *PortError) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*PortError](c, value))
}

func (c FfiConverterPortError) Read(reader io.Reader) *PortError {
	errorID := readUint32(reader)

	switch errorID {
	case 1:
		return &PortError{&PortErrorFailed{
			Details: FfiConverterStringINSTANCE.Read(reader),
		}}
	default:
		panic(fmt.Sprintf("Unknown error code %d in FfiConverterPortError.Read()", errorID))
	}
}

func (c FfiConverterPortError) Write(writer io.Writer, value *PortError) {
	switch variantValue := value.err.(type) {
	case *PortErrorFailed:
		writeInt32(writer, 1)
		FfiConverterStringINSTANCE.Write(writer, variantValue.Details)
	default:
		_ = variantValue
		panic(fmt.Sprintf("invalid error value `%v` in FfiConverterPortError.Write", value))
	}
}

type FfiDestroyerPortError struct{}

func (_ FfiDestroyerPortError) Destroy(value *PortError) {
	switch variantValue := value.err.(type) {
	case PortErrorFailed:
		variantValue.destroy()
	default:
		_ = variantValue
		panic(fmt.Sprintf("invalid error value `%v` in FfiDestroyerPortError.Destroy", value))
	}
}

// An operation with its typed request: one variant per registry operation.
type Request interface {
	Destroy()
}

// `create_migration`.
type RequestCreateMigration struct {
	Request migratekit_core.CreateMigrationRequest
}

func (e RequestCreateMigration) Destroy() {
	migratekit_core.FfiDestroyerCreateMigrationRequest{}.Destroy(e.Request)
}

// `add_to_management`.
type RequestAddToManagement struct {
	Request migratekit_core.AddToManagementRequest
}

func (e RequestAddToManagement) Destroy() {
	migratekit_core.FfiDestroyerAddToManagementRequest{}.Destroy(e.Request)
}

// `add_to_management_bulk`.
type RequestAddToManagementBulk struct {
	Vms []migratekit_core.AddToManagementRequest
}

func (e RequestAddToManagementBulk) Destroy() {
	FfiDestroyerSequenceAddToManagementRequest{}.Destroy(e.Vms)
}

// `get_context`.
type RequestGetContext struct {
	Reference migratekit_core.ContextRef
}

func (e RequestGetContext) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `list_contexts`.
type RequestListContexts struct {
	Filter migratekit_core.ContextFilter
}

func (e RequestListContexts) Destroy() {
	migratekit_core.FfiDestroyerContextFilter{}.Destroy(e.Filter)
}

// `get_job`.
type RequestGetJob struct {
	JobId string
}

func (e RequestGetJob) Destroy() {
	FfiDestroyerString{}.Destroy(e.JobId)
}

// `list_jobs`.
type RequestListJobs struct {
	Filter migratekit_core.JobFilter
}

func (e RequestListJobs) Destroy() {
	migratekit_core.FfiDestroyerJobFilter{}.Destroy(e.Filter)
}

// `update_job_progress`.
type RequestUpdateJobProgress struct {
	Request migratekit_core.UpdateJobProgressRequest
}

func (e RequestUpdateJobProgress) Destroy() {
	migratekit_core.FfiDestroyerUpdateJobProgressRequest{}.Destroy(e.Request)
}

// `complete_job`.
type RequestCompleteJob struct {
	Request migratekit_core.CompleteJobRequest
}

func (e RequestCompleteJob) Destroy() {
	migratekit_core.FfiDestroyerCompleteJobRequest{}.Destroy(e.Request)
}

// `fail_job`.
type RequestFailJob struct {
	Request migratekit_core.FailJobRequest
}

func (e RequestFailJob) Destroy() {
	migratekit_core.FfiDestroyerFailJobRequest{}.Destroy(e.Request)
}

// `cancel_job`.
type RequestCancelJob struct {
	JobId string
}

func (e RequestCancelJob) Destroy() {
	FfiDestroyerString{}.Destroy(e.JobId)
}

// `remove_from_management`.
type RequestRemoveFromManagement struct {
	Reference migratekit_core.ContextRef
}

func (e RequestRemoveFromManagement) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `delete_job`.
type RequestDeleteJob struct {
	JobId string
}

func (e RequestDeleteJob) Destroy() {
	FfiDestroyerString{}.Destroy(e.JobId)
}

// `test_failover`.
type RequestTestFailover struct {
	Reference migratekit_core.ContextRef
}

func (e RequestTestFailover) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `cleanup_test_failover`.
type RequestCleanupTestFailover struct {
	Target migratekit_core.FailoverTarget
}

func (e RequestCleanupTestFailover) Destroy() {
	migratekit_core.FfiDestroyerFailoverTarget{}.Destroy(e.Target)
}

// `live_failover`.
type RequestLiveFailover struct {
	Reference migratekit_core.ContextRef
}

func (e RequestLiveFailover) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `rollback_live_failover`.
type RequestRollbackLiveFailover struct {
	Target migratekit_core.FailoverTarget
}

func (e RequestRollbackLiveFailover) Destroy() {
	migratekit_core.FfiDestroyerFailoverTarget{}.Destroy(e.Target)
}

// `complete_migration`.
type RequestCompleteMigration struct {
	Reference migratekit_core.ContextRef
}

func (e RequestCompleteMigration) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `abort_operation`.
type RequestAbortOperation struct {
	Reference migratekit_core.ContextRef
}

func (e RequestAbortOperation) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `list_volumes`.
type RequestListVolumes struct {
	Reference migratekit_core.ContextRef
}

func (e RequestListVolumes) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `list_failover_jobs`.
type RequestListFailoverJobs struct {
	Reference migratekit_core.ContextRef
}

func (e RequestListFailoverJobs) Destroy() {
	migratekit_core.FfiDestroyerContextRef{}.Destroy(e.Reference)
}

// `reconcile`.
type RequestReconcile struct {
	Request migratekit_core.ReconcileRequest
}

func (e RequestReconcile) Destroy() {
	migratekit_core.FfiDestroyerReconcileRequest{}.Destroy(e.Request)
}

// `create_schedule`.
type RequestCreateSchedule struct {
	Request migratekit_core.CreateScheduleRequest
}

func (e RequestCreateSchedule) Destroy() {
	migratekit_core.FfiDestroyerCreateScheduleRequest{}.Destroy(e.Request)
}

// `list_schedules`.
type RequestListSchedules struct {
}

func (e RequestListSchedules) Destroy() {
}

// `set_schedule_enabled`.
type RequestSetScheduleEnabled struct {
	ScheduleId string
	Enabled    bool
}

func (e RequestSetScheduleEnabled) Destroy() {
	FfiDestroyerString{}.Destroy(e.ScheduleId)
	FfiDestroyerBool{}.Destroy(e.Enabled)
}

// `create_group`.
type RequestCreateGroup struct {
	Request migratekit_core.CreateGroupRequest
}

func (e RequestCreateGroup) Destroy() {
	migratekit_core.FfiDestroyerCreateGroupRequest{}.Destroy(e.Request)
}

// `get_group`.
type RequestGetGroup struct {
	GroupId string
}

func (e RequestGetGroup) Destroy() {
	FfiDestroyerString{}.Destroy(e.GroupId)
}

// `list_groups`.
type RequestListGroups struct {
}

func (e RequestListGroups) Destroy() {
}

// `attach_schedule`.
type RequestAttachSchedule struct {
	GroupId    string
	ScheduleId *string
}

func (e RequestAttachSchedule) Destroy() {
	FfiDestroyerString{}.Destroy(e.GroupId)
	FfiDestroyerOptionalString{}.Destroy(e.ScheduleId)
}

// `add_to_group`.
type RequestAddToGroup struct {
	Request migratekit_core.AddToGroupRequest
}

func (e RequestAddToGroup) Destroy() {
	migratekit_core.FfiDestroyerAddToGroupRequest{}.Destroy(e.Request)
}

// `remove_from_group`.
type RequestRemoveFromGroup struct {
	ContextId string
}

func (e RequestRemoveFromGroup) Destroy() {
	FfiDestroyerString{}.Destroy(e.ContextId)
}

// `run_due_schedules`.
type RequestRunDueSchedules struct {
	Now *migratekit_core.UtcTime
}

func (e RequestRunDueSchedules) Destroy() {
	FfiDestroyerOptionalUtcTime{}.Destroy(e.Now)
}

// `list_schedule_executions`.
type RequestListScheduleExecutions struct {
	ScheduleId *string
	Limit      *uint32
}

func (e RequestListScheduleExecutions) Destroy() {
	FfiDestroyerOptionalString{}.Destroy(e.ScheduleId)
	FfiDestroyerOptionalUint32{}.Destroy(e.Limit)
}

// `log_job`.
type RequestLogJob struct {
	JobId string
}

func (e RequestLogJob) Destroy() {
	FfiDestroyerString{}.Destroy(e.JobId)
}

// `log_jobs`.
type RequestLogJobs struct {
	Filter migratekit_core.LogFilter
}

func (e RequestLogJobs) Destroy() {
	migratekit_core.FfiDestroyerLogFilter{}.Destroy(e.Filter)
}

// `prune_job_log`.
type RequestPruneJobLog struct {
	Before migratekit_core.UtcTime
}

func (e RequestPruneJobLog) Destroy() {
	migratekit_core.FfiDestroyerTypeUtcTime{}.Destroy(e.Before)
}

type FfiConverterRequest struct{}

var FfiConverterRequestINSTANCE = FfiConverterRequest{}

func (c FfiConverterRequest) Lift(rb RustBufferI) Request {
	return LiftFromRustBuffer[Request](c, rb)
}

func (c FfiConverterRequest) Lower(value Request) C.RustBuffer {
	return LowerIntoRustBuffer[Request](c, value)
}

func (c FfiConverterRequest) LowerExternal(value Request) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Request](c, value))
}
func (FfiConverterRequest) Read(reader io.Reader) Request {
	id := readInt32(reader)
	switch id {
	case 1:
		return RequestCreateMigration{
			migratekit_core.FfiConverterCreateMigrationRequestINSTANCE.Read(reader),
		}
	case 2:
		return RequestAddToManagement{
			migratekit_core.FfiConverterAddToManagementRequestINSTANCE.Read(reader),
		}
	case 3:
		return RequestAddToManagementBulk{
			FfiConverterSequenceAddToManagementRequestINSTANCE.Read(reader),
		}
	case 4:
		return RequestGetContext{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 5:
		return RequestListContexts{
			migratekit_core.FfiConverterContextFilterINSTANCE.Read(reader),
		}
	case 6:
		return RequestGetJob{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 7:
		return RequestListJobs{
			migratekit_core.FfiConverterJobFilterINSTANCE.Read(reader),
		}
	case 8:
		return RequestUpdateJobProgress{
			migratekit_core.FfiConverterUpdateJobProgressRequestINSTANCE.Read(reader),
		}
	case 9:
		return RequestCompleteJob{
			migratekit_core.FfiConverterCompleteJobRequestINSTANCE.Read(reader),
		}
	case 10:
		return RequestFailJob{
			migratekit_core.FfiConverterFailJobRequestINSTANCE.Read(reader),
		}
	case 11:
		return RequestCancelJob{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 12:
		return RequestRemoveFromManagement{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 13:
		return RequestDeleteJob{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 14:
		return RequestTestFailover{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 15:
		return RequestCleanupTestFailover{
			migratekit_core.FfiConverterFailoverTargetINSTANCE.Read(reader),
		}
	case 16:
		return RequestLiveFailover{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 17:
		return RequestRollbackLiveFailover{
			migratekit_core.FfiConverterFailoverTargetINSTANCE.Read(reader),
		}
	case 18:
		return RequestCompleteMigration{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 19:
		return RequestAbortOperation{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 20:
		return RequestListVolumes{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 21:
		return RequestListFailoverJobs{
			migratekit_core.FfiConverterContextRefINSTANCE.Read(reader),
		}
	case 22:
		return RequestReconcile{
			migratekit_core.FfiConverterReconcileRequestINSTANCE.Read(reader),
		}
	case 23:
		return RequestCreateSchedule{
			migratekit_core.FfiConverterCreateScheduleRequestINSTANCE.Read(reader),
		}
	case 24:
		return RequestListSchedules{}
	case 25:
		return RequestSetScheduleEnabled{
			FfiConverterStringINSTANCE.Read(reader),
			FfiConverterBoolINSTANCE.Read(reader),
		}
	case 26:
		return RequestCreateGroup{
			migratekit_core.FfiConverterCreateGroupRequestINSTANCE.Read(reader),
		}
	case 27:
		return RequestGetGroup{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 28:
		return RequestListGroups{}
	case 29:
		return RequestAttachSchedule{
			FfiConverterStringINSTANCE.Read(reader),
			FfiConverterOptionalStringINSTANCE.Read(reader),
		}
	case 30:
		return RequestAddToGroup{
			migratekit_core.FfiConverterAddToGroupRequestINSTANCE.Read(reader),
		}
	case 31:
		return RequestRemoveFromGroup{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 32:
		return RequestRunDueSchedules{
			FfiConverterOptionalUtcTimeINSTANCE.Read(reader),
		}
	case 33:
		return RequestListScheduleExecutions{
			FfiConverterOptionalStringINSTANCE.Read(reader),
			FfiConverterOptionalUint32INSTANCE.Read(reader),
		}
	case 34:
		return RequestLogJob{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 35:
		return RequestLogJobs{
			migratekit_core.FfiConverterLogFilterINSTANCE.Read(reader),
		}
	case 36:
		return RequestPruneJobLog{
			migratekit_core.FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		}
	default:
		panic(fmt.Sprintf("invalid enum value %v in FfiConverterRequest.Read()", id))
	}
}

func (FfiConverterRequest) Write(writer io.Writer, value Request) {
	switch variant_value := value.(type) {
	case RequestCreateMigration:
		writeInt32(writer, 1)
		migratekit_core.FfiConverterCreateMigrationRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestAddToManagement:
		writeInt32(writer, 2)
		migratekit_core.FfiConverterAddToManagementRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestAddToManagementBulk:
		writeInt32(writer, 3)
		FfiConverterSequenceAddToManagementRequestINSTANCE.Write(writer, variant_value.Vms)
	case RequestGetContext:
		writeInt32(writer, 4)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestListContexts:
		writeInt32(writer, 5)
		migratekit_core.FfiConverterContextFilterINSTANCE.Write(writer, variant_value.Filter)
	case RequestGetJob:
		writeInt32(writer, 6)
		FfiConverterStringINSTANCE.Write(writer, variant_value.JobId)
	case RequestListJobs:
		writeInt32(writer, 7)
		migratekit_core.FfiConverterJobFilterINSTANCE.Write(writer, variant_value.Filter)
	case RequestUpdateJobProgress:
		writeInt32(writer, 8)
		migratekit_core.FfiConverterUpdateJobProgressRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestCompleteJob:
		writeInt32(writer, 9)
		migratekit_core.FfiConverterCompleteJobRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestFailJob:
		writeInt32(writer, 10)
		migratekit_core.FfiConverterFailJobRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestCancelJob:
		writeInt32(writer, 11)
		FfiConverterStringINSTANCE.Write(writer, variant_value.JobId)
	case RequestRemoveFromManagement:
		writeInt32(writer, 12)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestDeleteJob:
		writeInt32(writer, 13)
		FfiConverterStringINSTANCE.Write(writer, variant_value.JobId)
	case RequestTestFailover:
		writeInt32(writer, 14)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestCleanupTestFailover:
		writeInt32(writer, 15)
		migratekit_core.FfiConverterFailoverTargetINSTANCE.Write(writer, variant_value.Target)
	case RequestLiveFailover:
		writeInt32(writer, 16)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestRollbackLiveFailover:
		writeInt32(writer, 17)
		migratekit_core.FfiConverterFailoverTargetINSTANCE.Write(writer, variant_value.Target)
	case RequestCompleteMigration:
		writeInt32(writer, 18)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestAbortOperation:
		writeInt32(writer, 19)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestListVolumes:
		writeInt32(writer, 20)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestListFailoverJobs:
		writeInt32(writer, 21)
		migratekit_core.FfiConverterContextRefINSTANCE.Write(writer, variant_value.Reference)
	case RequestReconcile:
		writeInt32(writer, 22)
		migratekit_core.FfiConverterReconcileRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestCreateSchedule:
		writeInt32(writer, 23)
		migratekit_core.FfiConverterCreateScheduleRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestListSchedules:
		writeInt32(writer, 24)
	case RequestSetScheduleEnabled:
		writeInt32(writer, 25)
		FfiConverterStringINSTANCE.Write(writer, variant_value.ScheduleId)
		FfiConverterBoolINSTANCE.Write(writer, variant_value.Enabled)
	case RequestCreateGroup:
		writeInt32(writer, 26)
		migratekit_core.FfiConverterCreateGroupRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestGetGroup:
		writeInt32(writer, 27)
		FfiConverterStringINSTANCE.Write(writer, variant_value.GroupId)
	case RequestListGroups:
		writeInt32(writer, 28)
	case RequestAttachSchedule:
		writeInt32(writer, 29)
		FfiConverterStringINSTANCE.Write(writer, variant_value.GroupId)
		FfiConverterOptionalStringINSTANCE.Write(writer, variant_value.ScheduleId)
	case RequestAddToGroup:
		writeInt32(writer, 30)
		migratekit_core.FfiConverterAddToGroupRequestINSTANCE.Write(writer, variant_value.Request)
	case RequestRemoveFromGroup:
		writeInt32(writer, 31)
		FfiConverterStringINSTANCE.Write(writer, variant_value.ContextId)
	case RequestRunDueSchedules:
		writeInt32(writer, 32)
		FfiConverterOptionalUtcTimeINSTANCE.Write(writer, variant_value.Now)
	case RequestListScheduleExecutions:
		writeInt32(writer, 33)
		FfiConverterOptionalStringINSTANCE.Write(writer, variant_value.ScheduleId)
		FfiConverterOptionalUint32INSTANCE.Write(writer, variant_value.Limit)
	case RequestLogJob:
		writeInt32(writer, 34)
		FfiConverterStringINSTANCE.Write(writer, variant_value.JobId)
	case RequestLogJobs:
		writeInt32(writer, 35)
		migratekit_core.FfiConverterLogFilterINSTANCE.Write(writer, variant_value.Filter)
	case RequestPruneJobLog:
		writeInt32(writer, 36)
		migratekit_core.FfiConverterTypeUtcTimeINSTANCE.Write(writer, variant_value.Before)
	default:
		_ = variant_value
		panic(fmt.Sprintf("invalid enum value `%v` in FfiConverterRequest.Write", value))
	}
}

type FfiDestroyerRequest struct{}

func (_ FfiDestroyerRequest) Destroy(value Request) {
	value.Destroy()
}

type FfiConverterOptionalUint16 struct{}

var FfiConverterOptionalUint16INSTANCE = FfiConverterOptionalUint16{}

func (c FfiConverterOptionalUint16) Lift(rb RustBufferI) *uint16 {
	return LiftFromRustBuffer[*uint16](c, rb)
}

func (_ FfiConverterOptionalUint16) Read(reader io.Reader) *uint16 {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterUint16INSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalUint16) Lower(value *uint16) C.RustBuffer {
	return LowerIntoRustBuffer[*uint16](c, value)
}

func (c FfiConverterOptionalUint16) LowerExternal(value *uint16) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*uint16](c, value))
}

func (_ FfiConverterOptionalUint16) Write(writer io.Writer, value *uint16) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterUint16INSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalUint16 struct{}

func (_ FfiDestroyerOptionalUint16) Destroy(value *uint16) {
	if value != nil {
		FfiDestroyerUint16{}.Destroy(*value)
	}
}

type FfiConverterOptionalUint32 struct{}

var FfiConverterOptionalUint32INSTANCE = FfiConverterOptionalUint32{}

func (c FfiConverterOptionalUint32) Lift(rb RustBufferI) *uint32 {
	return LiftFromRustBuffer[*uint32](c, rb)
}

func (_ FfiConverterOptionalUint32) Read(reader io.Reader) *uint32 {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterUint32INSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalUint32) Lower(value *uint32) C.RustBuffer {
	return LowerIntoRustBuffer[*uint32](c, value)
}

func (c FfiConverterOptionalUint32) LowerExternal(value *uint32) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*uint32](c, value))
}

func (_ FfiConverterOptionalUint32) Write(writer io.Writer, value *uint32) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterUint32INSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalUint32 struct{}

func (_ FfiDestroyerOptionalUint32) Destroy(value *uint32) {
	if value != nil {
		FfiDestroyerUint32{}.Destroy(*value)
	}
}

type FfiConverterOptionalUint64 struct{}

var FfiConverterOptionalUint64INSTANCE = FfiConverterOptionalUint64{}

func (c FfiConverterOptionalUint64) Lift(rb RustBufferI) *uint64 {
	return LiftFromRustBuffer[*uint64](c, rb)
}

func (_ FfiConverterOptionalUint64) Read(reader io.Reader) *uint64 {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterUint64INSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalUint64) Lower(value *uint64) C.RustBuffer {
	return LowerIntoRustBuffer[*uint64](c, value)
}

func (c FfiConverterOptionalUint64) LowerExternal(value *uint64) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*uint64](c, value))
}

func (_ FfiConverterOptionalUint64) Write(writer io.Writer, value *uint64) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterUint64INSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalUint64 struct{}

func (_ FfiDestroyerOptionalUint64) Destroy(value *uint64) {
	if value != nil {
		FfiDestroyerUint64{}.Destroy(*value)
	}
}

type FfiConverterOptionalFloat64 struct{}

var FfiConverterOptionalFloat64INSTANCE = FfiConverterOptionalFloat64{}

func (c FfiConverterOptionalFloat64) Lift(rb RustBufferI) *float64 {
	return LiftFromRustBuffer[*float64](c, rb)
}

func (_ FfiConverterOptionalFloat64) Read(reader io.Reader) *float64 {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterFloat64INSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalFloat64) Lower(value *float64) C.RustBuffer {
	return LowerIntoRustBuffer[*float64](c, value)
}

func (c FfiConverterOptionalFloat64) LowerExternal(value *float64) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*float64](c, value))
}

func (_ FfiConverterOptionalFloat64) Write(writer io.Writer, value *float64) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterFloat64INSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalFloat64 struct{}

func (_ FfiDestroyerOptionalFloat64) Destroy(value *float64) {
	if value != nil {
		FfiDestroyerFloat64{}.Destroy(*value)
	}
}

type FfiConverterOptionalString struct{}

var FfiConverterOptionalStringINSTANCE = FfiConverterOptionalString{}

func (c FfiConverterOptionalString) Lift(rb RustBufferI) *string {
	return LiftFromRustBuffer[*string](c, rb)
}

func (_ FfiConverterOptionalString) Read(reader io.Reader) *string {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterStringINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalString) Lower(value *string) C.RustBuffer {
	return LowerIntoRustBuffer[*string](c, value)
}

func (c FfiConverterOptionalString) LowerExternal(value *string) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*string](c, value))
}

func (_ FfiConverterOptionalString) Write(writer io.Writer, value *string) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterStringINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalString struct{}

func (_ FfiDestroyerOptionalString) Destroy(value *string) {
	if value != nil {
		FfiDestroyerString{}.Destroy(*value)
	}
}

type FfiConverterOptionalBulkProgressListener struct{}

var FfiConverterOptionalBulkProgressListenerINSTANCE = FfiConverterOptionalBulkProgressListener{}

func (c FfiConverterOptionalBulkProgressListener) Lift(rb RustBufferI) *BulkProgressListener {
	return LiftFromRustBuffer[*BulkProgressListener](c, rb)
}

func (_ FfiConverterOptionalBulkProgressListener) Read(reader io.Reader) *BulkProgressListener {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterBulkProgressListenerINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalBulkProgressListener) Lower(value *BulkProgressListener) C.RustBuffer {
	return LowerIntoRustBuffer[*BulkProgressListener](c, value)
}

func (c FfiConverterOptionalBulkProgressListener) LowerExternal(value *BulkProgressListener) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*BulkProgressListener](c, value))
}

func (_ FfiConverterOptionalBulkProgressListener) Write(writer io.Writer, value *BulkProgressListener) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterBulkProgressListenerINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalBulkProgressListener struct{}

func (_ FfiDestroyerOptionalBulkProgressListener) Destroy(value *BulkProgressListener) {
	if value != nil {
		FfiDestroyerBulkProgressListener{}.Destroy(*value)
	}
}

type FfiConverterOptionalNbdExporter struct{}

var FfiConverterOptionalNbdExporterINSTANCE = FfiConverterOptionalNbdExporter{}

func (c FfiConverterOptionalNbdExporter) Lift(rb RustBufferI) *NbdExporter {
	return LiftFromRustBuffer[*NbdExporter](c, rb)
}

func (_ FfiConverterOptionalNbdExporter) Read(reader io.Reader) *NbdExporter {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterNbdExporterINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalNbdExporter) Lower(value *NbdExporter) C.RustBuffer {
	return LowerIntoRustBuffer[*NbdExporter](c, value)
}

func (c FfiConverterOptionalNbdExporter) LowerExternal(value *NbdExporter) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*NbdExporter](c, value))
}

func (_ FfiConverterOptionalNbdExporter) Write(writer io.Writer, value *NbdExporter) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterNbdExporterINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalNbdExporter struct{}

func (_ FfiDestroyerOptionalNbdExporter) Destroy(value *NbdExporter) {
	if value != nil {
		FfiDestroyerNbdExporter{}.Destroy(*value)
	}
}

type FfiConverterOptionalTargetCloud struct{}

var FfiConverterOptionalTargetCloudINSTANCE = FfiConverterOptionalTargetCloud{}

func (c FfiConverterOptionalTargetCloud) Lift(rb RustBufferI) *TargetCloud {
	return LiftFromRustBuffer[*TargetCloud](c, rb)
}

func (_ FfiConverterOptionalTargetCloud) Read(reader io.Reader) *TargetCloud {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterTargetCloudINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalTargetCloud) Lower(value *TargetCloud) C.RustBuffer {
	return LowerIntoRustBuffer[*TargetCloud](c, value)
}

func (c FfiConverterOptionalTargetCloud) LowerExternal(value *TargetCloud) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*TargetCloud](c, value))
}

func (_ FfiConverterOptionalTargetCloud) Write(writer io.Writer, value *TargetCloud) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterTargetCloudINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalTargetCloud struct{}

func (_ FfiDestroyerOptionalTargetCloud) Destroy(value *TargetCloud) {
	if value != nil {
		FfiDestroyerTargetCloud{}.Destroy(*value)
	}
}

type FfiConverterOptionalVolumeDaemon struct{}

var FfiConverterOptionalVolumeDaemonINSTANCE = FfiConverterOptionalVolumeDaemon{}

func (c FfiConverterOptionalVolumeDaemon) Lift(rb RustBufferI) *VolumeDaemon {
	return LiftFromRustBuffer[*VolumeDaemon](c, rb)
}

func (_ FfiConverterOptionalVolumeDaemon) Read(reader io.Reader) *VolumeDaemon {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterVolumeDaemonINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalVolumeDaemon) Lower(value *VolumeDaemon) C.RustBuffer {
	return LowerIntoRustBuffer[*VolumeDaemon](c, value)
}

func (c FfiConverterOptionalVolumeDaemon) LowerExternal(value *VolumeDaemon) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*VolumeDaemon](c, value))
}

func (_ FfiConverterOptionalVolumeDaemon) Write(writer io.Writer, value *VolumeDaemon) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterVolumeDaemonINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalVolumeDaemon struct{}

func (_ FfiDestroyerOptionalVolumeDaemon) Destroy(value *VolumeDaemon) {
	if value != nil {
		FfiDestroyerVolumeDaemon{}.Destroy(*value)
	}
}

type FfiConverterOptionalTargetVm struct{}

var FfiConverterOptionalTargetVmINSTANCE = FfiConverterOptionalTargetVm{}

func (c FfiConverterOptionalTargetVm) Lift(rb RustBufferI) *migratekit_core.TargetVm {
	return LiftFromRustBuffer[*migratekit_core.TargetVm](c, rb)
}

func (_ FfiConverterOptionalTargetVm) Read(reader io.Reader) *migratekit_core.TargetVm {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := migratekit_core.FfiConverterTargetVmINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalTargetVm) Lower(value *migratekit_core.TargetVm) C.RustBuffer {
	return LowerIntoRustBuffer[*migratekit_core.TargetVm](c, value)
}

func (c FfiConverterOptionalTargetVm) LowerExternal(value *migratekit_core.TargetVm) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*migratekit_core.TargetVm](c, value))
}

func (_ FfiConverterOptionalTargetVm) Write(writer io.Writer, value *migratekit_core.TargetVm) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		migratekit_core.FfiConverterTargetVmINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalTargetVm struct{}

func (_ FfiDestroyerOptionalTargetVm) Destroy(value *migratekit_core.TargetVm) {
	if value != nil {
		migratekit_core.FfiDestroyerTargetVm{}.Destroy(*value)
	}
}

type FfiConverterOptionalVolume struct{}

var FfiConverterOptionalVolumeINSTANCE = FfiConverterOptionalVolume{}

func (c FfiConverterOptionalVolume) Lift(rb RustBufferI) *migratekit_core.Volume {
	return LiftFromRustBuffer[*migratekit_core.Volume](c, rb)
}

func (_ FfiConverterOptionalVolume) Read(reader io.Reader) *migratekit_core.Volume {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := migratekit_core.FfiConverterVolumeINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalVolume) Lower(value *migratekit_core.Volume) C.RustBuffer {
	return LowerIntoRustBuffer[*migratekit_core.Volume](c, value)
}

func (c FfiConverterOptionalVolume) LowerExternal(value *migratekit_core.Volume) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*migratekit_core.Volume](c, value))
}

func (_ FfiConverterOptionalVolume) Write(writer io.Writer, value *migratekit_core.Volume) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		migratekit_core.FfiConverterVolumeINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalVolume struct{}

func (_ FfiDestroyerOptionalVolume) Destroy(value *migratekit_core.Volume) {
	if value != nil {
		migratekit_core.FfiDestroyerVolume{}.Destroy(*value)
	}
}

type FfiConverterOptionalDurability struct{}

var FfiConverterOptionalDurabilityINSTANCE = FfiConverterOptionalDurability{}

func (c FfiConverterOptionalDurability) Lift(rb RustBufferI) *migratekit_core.Durability {
	return LiftFromRustBuffer[*migratekit_core.Durability](c, rb)
}

func (_ FfiConverterOptionalDurability) Read(reader io.Reader) *migratekit_core.Durability {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := migratekit_core.FfiConverterDurabilityINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalDurability) Lower(value *migratekit_core.Durability) C.RustBuffer {
	return LowerIntoRustBuffer[*migratekit_core.Durability](c, value)
}

func (c FfiConverterOptionalDurability) LowerExternal(value *migratekit_core.Durability) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*migratekit_core.Durability](c, value))
}

func (_ FfiConverterOptionalDurability) Write(writer io.Writer, value *migratekit_core.Durability) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		migratekit_core.FfiConverterDurabilityINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalDurability struct{}

func (_ FfiDestroyerOptionalDurability) Destroy(value *migratekit_core.Durability) {
	if value != nil {
		migratekit_core.FfiDestroyerDurability{}.Destroy(*value)
	}
}

type FfiConverterOptionalUtcTime struct{}

var FfiConverterOptionalUtcTimeINSTANCE = FfiConverterOptionalUtcTime{}

func (c FfiConverterOptionalUtcTime) Lift(rb RustBufferI) *migratekit_core.UtcTime {
	return LiftFromRustBuffer[*migratekit_core.UtcTime](c, rb)
}

func (_ FfiConverterOptionalUtcTime) Read(reader io.Reader) *migratekit_core.UtcTime {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := migratekit_core.FfiConverterTypeUtcTimeINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalUtcTime) Lower(value *migratekit_core.UtcTime) C.RustBuffer {
	return LowerIntoRustBuffer[*migratekit_core.UtcTime](c, value)
}

func (c FfiConverterOptionalUtcTime) LowerExternal(value *migratekit_core.UtcTime) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*migratekit_core.UtcTime](c, value))
}

func (_ FfiConverterOptionalUtcTime) Write(writer io.Writer, value *migratekit_core.UtcTime) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		migratekit_core.FfiConverterTypeUtcTimeINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalUtcTime struct{}

func (_ FfiDestroyerOptionalUtcTime) Destroy(value *migratekit_core.UtcTime) {
	if value != nil {
		migratekit_core.FfiDestroyerTypeUtcTime{}.Destroy(*value)
	}
}

type FfiConverterSequenceString struct{}

var FfiConverterSequenceStringINSTANCE = FfiConverterSequenceString{}

func (c FfiConverterSequenceString) Lift(rb RustBufferI) []string {
	return LiftFromRustBuffer[[]string](c, rb)
}

func (c FfiConverterSequenceString) Read(reader io.Reader) []string {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]string, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterStringINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceString) Lower(value []string) C.RustBuffer {
	return LowerIntoRustBuffer[[]string](c, value)
}

func (c FfiConverterSequenceString) LowerExternal(value []string) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]string](c, value))
}

func (c FfiConverterSequenceString) Write(writer io.Writer, value []string) {
	if len(value) > math.MaxInt32 {
		panic("[]string is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterStringINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceString struct{}

func (FfiDestroyerSequenceString) Destroy(sequence []string) {
	for _, value := range sequence {
		FfiDestroyerString{}.Destroy(value)
	}
}

type FfiConverterSequenceAddToManagementRequest struct{}

var FfiConverterSequenceAddToManagementRequestINSTANCE = FfiConverterSequenceAddToManagementRequest{}

func (c FfiConverterSequenceAddToManagementRequest) Lift(rb RustBufferI) []migratekit_core.AddToManagementRequest {
	return LiftFromRustBuffer[[]migratekit_core.AddToManagementRequest](c, rb)
}

func (c FfiConverterSequenceAddToManagementRequest) Read(reader io.Reader) []migratekit_core.AddToManagementRequest {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.AddToManagementRequest, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterAddToManagementRequestINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceAddToManagementRequest) Lower(value []migratekit_core.AddToManagementRequest) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.AddToManagementRequest](c, value)
}

func (c FfiConverterSequenceAddToManagementRequest) LowerExternal(value []migratekit_core.AddToManagementRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.AddToManagementRequest](c, value))
}

func (c FfiConverterSequenceAddToManagementRequest) Write(writer io.Writer, value []migratekit_core.AddToManagementRequest) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.AddToManagementRequest is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterAddToManagementRequestINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceAddToManagementRequest struct{}

func (FfiDestroyerSequenceAddToManagementRequest) Destroy(sequence []migratekit_core.AddToManagementRequest) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerAddToManagementRequest{}.Destroy(value)
	}
}

type FfiConverterSequenceFailoverJob struct{}

var FfiConverterSequenceFailoverJobINSTANCE = FfiConverterSequenceFailoverJob{}

func (c FfiConverterSequenceFailoverJob) Lift(rb RustBufferI) []migratekit_core.FailoverJob {
	return LiftFromRustBuffer[[]migratekit_core.FailoverJob](c, rb)
}

func (c FfiConverterSequenceFailoverJob) Read(reader io.Reader) []migratekit_core.FailoverJob {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.FailoverJob, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterFailoverJobINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceFailoverJob) Lower(value []migratekit_core.FailoverJob) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.FailoverJob](c, value)
}

func (c FfiConverterSequenceFailoverJob) LowerExternal(value []migratekit_core.FailoverJob) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.FailoverJob](c, value))
}

func (c FfiConverterSequenceFailoverJob) Write(writer io.Writer, value []migratekit_core.FailoverJob) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.FailoverJob is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterFailoverJobINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceFailoverJob struct{}

func (FfiDestroyerSequenceFailoverJob) Destroy(sequence []migratekit_core.FailoverJob) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerFailoverJob{}.Destroy(value)
	}
}

type FfiConverterSequenceLogJob struct{}

var FfiConverterSequenceLogJobINSTANCE = FfiConverterSequenceLogJob{}

func (c FfiConverterSequenceLogJob) Lift(rb RustBufferI) []migratekit_core.LogJob {
	return LiftFromRustBuffer[[]migratekit_core.LogJob](c, rb)
}

func (c FfiConverterSequenceLogJob) Read(reader io.Reader) []migratekit_core.LogJob {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.LogJob, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterLogJobINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceLogJob) Lower(value []migratekit_core.LogJob) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.LogJob](c, value)
}

func (c FfiConverterSequenceLogJob) LowerExternal(value []migratekit_core.LogJob) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.LogJob](c, value))
}

func (c FfiConverterSequenceLogJob) Write(writer io.Writer, value []migratekit_core.LogJob) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.LogJob is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterLogJobINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceLogJob struct{}

func (FfiDestroyerSequenceLogJob) Destroy(sequence []migratekit_core.LogJob) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerLogJob{}.Destroy(value)
	}
}

type FfiConverterSequenceNbdExport struct{}

var FfiConverterSequenceNbdExportINSTANCE = FfiConverterSequenceNbdExport{}

func (c FfiConverterSequenceNbdExport) Lift(rb RustBufferI) []migratekit_core.NbdExport {
	return LiftFromRustBuffer[[]migratekit_core.NbdExport](c, rb)
}

func (c FfiConverterSequenceNbdExport) Read(reader io.Reader) []migratekit_core.NbdExport {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.NbdExport, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterNbdExportINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceNbdExport) Lower(value []migratekit_core.NbdExport) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.NbdExport](c, value)
}

func (c FfiConverterSequenceNbdExport) LowerExternal(value []migratekit_core.NbdExport) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.NbdExport](c, value))
}

func (c FfiConverterSequenceNbdExport) Write(writer io.Writer, value []migratekit_core.NbdExport) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.NbdExport is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterNbdExportINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceNbdExport struct{}

func (FfiDestroyerSequenceNbdExport) Destroy(sequence []migratekit_core.NbdExport) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerNbdExport{}.Destroy(value)
	}
}

type FfiConverterSequenceReplicationContext struct{}

var FfiConverterSequenceReplicationContextINSTANCE = FfiConverterSequenceReplicationContext{}

func (c FfiConverterSequenceReplicationContext) Lift(rb RustBufferI) []migratekit_core.ReplicationContext {
	return LiftFromRustBuffer[[]migratekit_core.ReplicationContext](c, rb)
}

func (c FfiConverterSequenceReplicationContext) Read(reader io.Reader) []migratekit_core.ReplicationContext {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.ReplicationContext, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterReplicationContextINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceReplicationContext) Lower(value []migratekit_core.ReplicationContext) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.ReplicationContext](c, value)
}

func (c FfiConverterSequenceReplicationContext) LowerExternal(value []migratekit_core.ReplicationContext) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.ReplicationContext](c, value))
}

func (c FfiConverterSequenceReplicationContext) Write(writer io.Writer, value []migratekit_core.ReplicationContext) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.ReplicationContext is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterReplicationContextINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceReplicationContext struct{}

func (FfiDestroyerSequenceReplicationContext) Destroy(sequence []migratekit_core.ReplicationContext) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerReplicationContext{}.Destroy(value)
	}
}

type FfiConverterSequenceReplicationJob struct{}

var FfiConverterSequenceReplicationJobINSTANCE = FfiConverterSequenceReplicationJob{}

func (c FfiConverterSequenceReplicationJob) Lift(rb RustBufferI) []migratekit_core.ReplicationJob {
	return LiftFromRustBuffer[[]migratekit_core.ReplicationJob](c, rb)
}

func (c FfiConverterSequenceReplicationJob) Read(reader io.Reader) []migratekit_core.ReplicationJob {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.ReplicationJob, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterReplicationJobINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceReplicationJob) Lower(value []migratekit_core.ReplicationJob) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.ReplicationJob](c, value)
}

func (c FfiConverterSequenceReplicationJob) LowerExternal(value []migratekit_core.ReplicationJob) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.ReplicationJob](c, value))
}

func (c FfiConverterSequenceReplicationJob) Write(writer io.Writer, value []migratekit_core.ReplicationJob) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.ReplicationJob is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterReplicationJobINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceReplicationJob struct{}

func (FfiDestroyerSequenceReplicationJob) Destroy(sequence []migratekit_core.ReplicationJob) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerReplicationJob{}.Destroy(value)
	}
}

type FfiConverterSequenceSchedule struct{}

var FfiConverterSequenceScheduleINSTANCE = FfiConverterSequenceSchedule{}

func (c FfiConverterSequenceSchedule) Lift(rb RustBufferI) []migratekit_core.Schedule {
	return LiftFromRustBuffer[[]migratekit_core.Schedule](c, rb)
}

func (c FfiConverterSequenceSchedule) Read(reader io.Reader) []migratekit_core.Schedule {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.Schedule, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterScheduleINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceSchedule) Lower(value []migratekit_core.Schedule) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.Schedule](c, value)
}

func (c FfiConverterSequenceSchedule) LowerExternal(value []migratekit_core.Schedule) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.Schedule](c, value))
}

func (c FfiConverterSequenceSchedule) Write(writer io.Writer, value []migratekit_core.Schedule) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.Schedule is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterScheduleINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceSchedule struct{}

func (FfiDestroyerSequenceSchedule) Destroy(sequence []migratekit_core.Schedule) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerSchedule{}.Destroy(value)
	}
}

type FfiConverterSequenceScheduleExecution struct{}

var FfiConverterSequenceScheduleExecutionINSTANCE = FfiConverterSequenceScheduleExecution{}

func (c FfiConverterSequenceScheduleExecution) Lift(rb RustBufferI) []migratekit_core.ScheduleExecution {
	return LiftFromRustBuffer[[]migratekit_core.ScheduleExecution](c, rb)
}

func (c FfiConverterSequenceScheduleExecution) Read(reader io.Reader) []migratekit_core.ScheduleExecution {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.ScheduleExecution, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterScheduleExecutionINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceScheduleExecution) Lower(value []migratekit_core.ScheduleExecution) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.ScheduleExecution](c, value)
}

func (c FfiConverterSequenceScheduleExecution) LowerExternal(value []migratekit_core.ScheduleExecution) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.ScheduleExecution](c, value))
}

func (c FfiConverterSequenceScheduleExecution) Write(writer io.Writer, value []migratekit_core.ScheduleExecution) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.ScheduleExecution is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterScheduleExecutionINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceScheduleExecution struct{}

func (FfiDestroyerSequenceScheduleExecution) Destroy(sequence []migratekit_core.ScheduleExecution) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerScheduleExecution{}.Destroy(value)
	}
}

type FfiConverterSequenceVmGroup struct{}

var FfiConverterSequenceVmGroupINSTANCE = FfiConverterSequenceVmGroup{}

func (c FfiConverterSequenceVmGroup) Lift(rb RustBufferI) []migratekit_core.VmGroup {
	return LiftFromRustBuffer[[]migratekit_core.VmGroup](c, rb)
}

func (c FfiConverterSequenceVmGroup) Read(reader io.Reader) []migratekit_core.VmGroup {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.VmGroup, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterVmGroupINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceVmGroup) Lower(value []migratekit_core.VmGroup) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.VmGroup](c, value)
}

func (c FfiConverterSequenceVmGroup) LowerExternal(value []migratekit_core.VmGroup) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.VmGroup](c, value))
}

func (c FfiConverterSequenceVmGroup) Write(writer io.Writer, value []migratekit_core.VmGroup) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.VmGroup is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterVmGroupINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceVmGroup struct{}

func (FfiDestroyerSequenceVmGroup) Destroy(sequence []migratekit_core.VmGroup) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerVmGroup{}.Destroy(value)
	}
}

type FfiConverterSequenceVolume struct{}

var FfiConverterSequenceVolumeINSTANCE = FfiConverterSequenceVolume{}

func (c FfiConverterSequenceVolume) Lift(rb RustBufferI) []migratekit_core.Volume {
	return LiftFromRustBuffer[[]migratekit_core.Volume](c, rb)
}

func (c FfiConverterSequenceVolume) Read(reader io.Reader) []migratekit_core.Volume {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.Volume, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterVolumeINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceVolume) Lower(value []migratekit_core.Volume) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.Volume](c, value)
}

func (c FfiConverterSequenceVolume) LowerExternal(value []migratekit_core.Volume) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.Volume](c, value))
}

func (c FfiConverterSequenceVolume) Write(writer io.Writer, value []migratekit_core.Volume) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.Volume is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterVolumeINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceVolume struct{}

func (FfiDestroyerSequenceVolume) Destroy(sequence []migratekit_core.Volume) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerVolume{}.Destroy(value)
	}
}

type FfiConverterSequenceVolumeRecord struct{}

var FfiConverterSequenceVolumeRecordINSTANCE = FfiConverterSequenceVolumeRecord{}

func (c FfiConverterSequenceVolumeRecord) Lift(rb RustBufferI) []migratekit_core.VolumeRecord {
	return LiftFromRustBuffer[[]migratekit_core.VolumeRecord](c, rb)
}

func (c FfiConverterSequenceVolumeRecord) Read(reader io.Reader) []migratekit_core.VolumeRecord {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]migratekit_core.VolumeRecord, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, migratekit_core.FfiConverterVolumeRecordINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceVolumeRecord) Lower(value []migratekit_core.VolumeRecord) C.RustBuffer {
	return LowerIntoRustBuffer[[]migratekit_core.VolumeRecord](c, value)
}

func (c FfiConverterSequenceVolumeRecord) LowerExternal(value []migratekit_core.VolumeRecord) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]migratekit_core.VolumeRecord](c, value))
}

func (c FfiConverterSequenceVolumeRecord) Write(writer io.Writer, value []migratekit_core.VolumeRecord) {
	if len(value) > math.MaxInt32 {
		panic("[]migratekit_core.VolumeRecord is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		migratekit_core.FfiConverterVolumeRecordINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceVolumeRecord struct{}

func (FfiDestroyerSequenceVolumeRecord) Destroy(sequence []migratekit_core.VolumeRecord) {
	for _, value := range sequence {
		migratekit_core.FfiDestroyerVolumeRecord{}.Destroy(value)
	}
}

// Every operation's wire name, in registry order; each is a method of
// [`Manager`] (`create_migration` → `create_migration` in Python,
// `CreateMigration` in Go).
func Operations() []string {
	return FfiConverterSequenceStringINSTANCE.Lift(rustCall(func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_func_operations(_uniffiStatus),
		}
	}))
}

// Writes a typed answer as the contract's JSON answer body — the text
// `json::call` answers for the same operation, fields in the same order
// (written straight from the typed answer, as `json::call` does; through a
// [`Value`] they would come out sorted by name).
func AnswerJson(answer Answer) (string, error) {
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_func_answer_json(FfiConverterAnswerINSTANCE.Lower(answer), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue string
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterStringINSTANCE.Lift(_uniffiRV), nil
	}
}

// Reads `operation`'s request `body` (JSON text; empty is `{}`) into a
// typed request. An unknown operation, bad JSON, an unknown field or a
// wrong type is a `validation` error, as on every surface.
func ParseRequest(operation string, body string) (Request, error) {
	_uniffiRV, _uniffiErr := rustCallWithError[*MkError](FfiConverterMkError{}, func(_uniffiStatus *C.RustCallStatus) RustBufferI {
		return GoRustBuffer{
			inner: C.uniffi_migratekit_uniffi_fn_func_parse_request(FfiConverterStringINSTANCE.Lower(operation), FfiConverterStringINSTANCE.Lower(body), _uniffiStatus),
		}
	})
	if _uniffiErr != nil {
		var _uniffiDefaultValue Request
		return _uniffiDefaultValue, _uniffiErr
	} else {
		return FfiConverterRequestINSTANCE.Lift(_uniffiRV), nil
	}
}
