package migratekit_core

// #include <migratekit_core.h>
import "C"

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
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
		C.ffi_migratekit_core_rustbuffer_free(cb.inner, status)
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
		return C.ffi_migratekit_core_rustbuffer_from_bytes(foreign, status)
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
			panic(fmt.Errorf("%s", FfiConverterStringINSTANCE.Lift(GoRustBuffer{inner: status.errorBuf})))
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

	uniffiCheckChecksums()
}

func uniffiCheckChecksums() {
	// Get the bindings contract version from our ComponentInterface
	bindingsContractVersion := 30
	// Get the scaffolding contract version by calling the into the dylib
	scaffoldingContractVersion := rustCall(func(_uniffiStatus *C.RustCallStatus) C.uint32_t {
		return C.ffi_migratekit_core_uniffi_contract_version()
	})
	if bindingsContractVersion != int(scaffoldingContractVersion) {
		// If this happens try cleaning and rebuilding your project
		panic("migratekit_core: UniFFI contract version mismatch")
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

type FfiConverterInt32 struct{}

var FfiConverterInt32INSTANCE = FfiConverterInt32{}

func (FfiConverterInt32) Lower(value int32) C.int32_t {
	return C.int32_t(value)
}

func (FfiConverterInt32) Write(writer io.Writer, value int32) {
	writeInt32(writer, value)
}

func (FfiConverterInt32) Lift(value C.int32_t) int32 {
	return int32(value)
}

func (FfiConverterInt32) Read(reader io.Reader) int32 {
	return readInt32(reader)
}

type FfiDestroyerInt32 struct{}

func (FfiDestroyerInt32) Destroy(_ int32) {}

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

// `add_to_group`.
type AddToGroupRequest struct {
	// The group.
	GroupId string
	// The context.
	ContextId string
	// Lower runs first (default 100).
	Priority int32
}

func (r *AddToGroupRequest) Destroy() {
	FfiDestroyerString{}.Destroy(r.GroupId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerInt32{}.Destroy(r.Priority)
}

type FfiConverterAddToGroupRequest struct{}

var FfiConverterAddToGroupRequestINSTANCE = FfiConverterAddToGroupRequest{}

func (c FfiConverterAddToGroupRequest) Lift(rb RustBufferI) AddToGroupRequest {
	return LiftFromRustBuffer[AddToGroupRequest](c, rb)
}

func (c FfiConverterAddToGroupRequest) Read(reader io.Reader) AddToGroupRequest {
	return AddToGroupRequest{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterInt32INSTANCE.Read(reader),
	}
}

func (c FfiConverterAddToGroupRequest) Lower(value AddToGroupRequest) C.RustBuffer {
	return LowerIntoRustBuffer[AddToGroupRequest](c, value)
}

func (c FfiConverterAddToGroupRequest) LowerExternal(value AddToGroupRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[AddToGroupRequest](c, value))
}

func (c FfiConverterAddToGroupRequest) Write(writer io.Writer, value AddToGroupRequest) {
	FfiConverterStringINSTANCE.Write(writer, value.GroupId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterInt32INSTANCE.Write(writer, value.Priority)
}

type FfiDestroyerAddToGroupRequest struct{}

func (_ FfiDestroyerAddToGroupRequest) Destroy(value AddToGroupRequest) {
	value.Destroy()
}

// One VM of `add_to_management_bulk`: the management part of [`CreateMigrationRequest`].
type AddToManagementRequest struct {
	// The VM to manage.
	SourceVm SourceVm
	// Target cloud configuration id.
	OsseaConfigId int64
	// Network the failed-over VM joins.
	TargetNetwork string
	// vCenter the VM lives in; part of the VM's identity.
	VcenterHost string
	// vCenter datacenter.
	Datacenter string
}

func (r *AddToManagementRequest) Destroy() {
	FfiDestroyerSourceVm{}.Destroy(r.SourceVm)
	FfiDestroyerInt64{}.Destroy(r.OsseaConfigId)
	FfiDestroyerString{}.Destroy(r.TargetNetwork)
	FfiDestroyerString{}.Destroy(r.VcenterHost)
	FfiDestroyerString{}.Destroy(r.Datacenter)
}

type FfiConverterAddToManagementRequest struct{}

var FfiConverterAddToManagementRequestINSTANCE = FfiConverterAddToManagementRequest{}

func (c FfiConverterAddToManagementRequest) Lift(rb RustBufferI) AddToManagementRequest {
	return LiftFromRustBuffer[AddToManagementRequest](c, rb)
}

func (c FfiConverterAddToManagementRequest) Read(reader io.Reader) AddToManagementRequest {
	return AddToManagementRequest{
		FfiConverterSourceVmINSTANCE.Read(reader),
		FfiConverterInt64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterAddToManagementRequest) Lower(value AddToManagementRequest) C.RustBuffer {
	return LowerIntoRustBuffer[AddToManagementRequest](c, value)
}

func (c FfiConverterAddToManagementRequest) LowerExternal(value AddToManagementRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[AddToManagementRequest](c, value))
}

func (c FfiConverterAddToManagementRequest) Write(writer io.Writer, value AddToManagementRequest) {
	FfiConverterSourceVmINSTANCE.Write(writer, value.SourceVm)
	FfiConverterInt64INSTANCE.Write(writer, value.OsseaConfigId)
	FfiConverterStringINSTANCE.Write(writer, value.TargetNetwork)
	FfiConverterStringINSTANCE.Write(writer, value.VcenterHost)
	FfiConverterStringINSTANCE.Write(writer, value.Datacenter)
}

type FfiDestroyerAddToManagementRequest struct{}

func (_ FfiDestroyerAddToManagementRequest) Destroy(value AddToManagementRequest) {
	value.Destroy()
}

// The whole outcome of `add_to_management_bulk`.
type BulkAddResponse struct {
	// Contexts created.
	Added Usize
	// VMs that were already managed.
	AlreadyManaged Usize
	// VMs rejected.
	Invalid Usize
	// VMs whose batch the store failed to write (retry the call).
	Failed Usize
	// One result per VM, in request order.
	Results []BulkItemResult
}

func (r *BulkAddResponse) Destroy() {
	FfiDestroyerTypeUsize{}.Destroy(r.Added)
	FfiDestroyerTypeUsize{}.Destroy(r.AlreadyManaged)
	FfiDestroyerTypeUsize{}.Destroy(r.Invalid)
	FfiDestroyerTypeUsize{}.Destroy(r.Failed)
	FfiDestroyerSequenceBulkItemResult{}.Destroy(r.Results)
}

type FfiConverterBulkAddResponse struct{}

var FfiConverterBulkAddResponseINSTANCE = FfiConverterBulkAddResponse{}

func (c FfiConverterBulkAddResponse) Lift(rb RustBufferI) BulkAddResponse {
	return LiftFromRustBuffer[BulkAddResponse](c, rb)
}

func (c FfiConverterBulkAddResponse) Read(reader io.Reader) BulkAddResponse {
	return BulkAddResponse{
		FfiConverterTypeUsizeINSTANCE.Read(reader),
		FfiConverterTypeUsizeINSTANCE.Read(reader),
		FfiConverterTypeUsizeINSTANCE.Read(reader),
		FfiConverterTypeUsizeINSTANCE.Read(reader),
		FfiConverterSequenceBulkItemResultINSTANCE.Read(reader),
	}
}

func (c FfiConverterBulkAddResponse) Lower(value BulkAddResponse) C.RustBuffer {
	return LowerIntoRustBuffer[BulkAddResponse](c, value)
}

func (c FfiConverterBulkAddResponse) LowerExternal(value BulkAddResponse) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[BulkAddResponse](c, value))
}

func (c FfiConverterBulkAddResponse) Write(writer io.Writer, value BulkAddResponse) {
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.Added)
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.AlreadyManaged)
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.Invalid)
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.Failed)
	FfiConverterSequenceBulkItemResultINSTANCE.Write(writer, value.Results)
}

type FfiDestroyerBulkAddResponse struct{}

func (_ FfiDestroyerBulkAddResponse) Destroy(value BulkAddResponse) {
	value.Destroy()
}

// Progress of a bulk call: `done` of `total` VMs processed.
type BulkProgress struct {
	// VMs processed so far.
	Done Usize
	// VMs in the call.
	Total Usize
}

func (r *BulkProgress) Destroy() {
	FfiDestroyerTypeUsize{}.Destroy(r.Done)
	FfiDestroyerTypeUsize{}.Destroy(r.Total)
}

type FfiConverterBulkProgress struct{}

var FfiConverterBulkProgressINSTANCE = FfiConverterBulkProgress{}

func (c FfiConverterBulkProgress) Lift(rb RustBufferI) BulkProgress {
	return LiftFromRustBuffer[BulkProgress](c, rb)
}

func (c FfiConverterBulkProgress) Read(reader io.Reader) BulkProgress {
	return BulkProgress{
		FfiConverterTypeUsizeINSTANCE.Read(reader),
		FfiConverterTypeUsizeINSTANCE.Read(reader),
	}
}

func (c FfiConverterBulkProgress) Lower(value BulkProgress) C.RustBuffer {
	return LowerIntoRustBuffer[BulkProgress](c, value)
}

func (c FfiConverterBulkProgress) LowerExternal(value BulkProgress) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[BulkProgress](c, value))
}

func (c FfiConverterBulkProgress) Write(writer io.Writer, value BulkProgress) {
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.Done)
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.Total)
}

type FfiDestroyerBulkProgress struct{}

func (_ FfiDestroyerBulkProgress) Destroy(value BulkProgress) {
	value.Destroy()
}

// The host reports that a job finished successfully.
//
// VMware CBT keeps one change id per disk: `change_ids` gives each disk's
// (every key a disk of the job's VM, no value empty, no value given to two
// disks). A single `change_id` stays valid for a VM with one disk (or
// none); for several disks it is refused, since one disk's id would start
// another disk's next copy. The two are not given together. A disk not
// named has no change id afterwards: its next sync copies it whole.
type CompleteJobRequest struct {
	// The job.
	JobId string
	// The CBT change id the next incremental starts from (a one-disk VM).
	ChangeId string
	// The CBT change id of each disk.
	ChangeIds *DiskChangeIds
}

func (r *CompleteJobRequest) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerString{}.Destroy(r.ChangeId)
	FfiDestroyerOptionalTypeDiskChangeIds{}.Destroy(r.ChangeIds)
}

type FfiConverterCompleteJobRequest struct{}

var FfiConverterCompleteJobRequestINSTANCE = FfiConverterCompleteJobRequest{}

func (c FfiConverterCompleteJobRequest) Lift(rb RustBufferI) CompleteJobRequest {
	return LiftFromRustBuffer[CompleteJobRequest](c, rb)
}

func (c FfiConverterCompleteJobRequest) Read(reader io.Reader) CompleteJobRequest {
	return CompleteJobRequest{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalTypeDiskChangeIdsINSTANCE.Read(reader),
	}
}

func (c FfiConverterCompleteJobRequest) Lower(value CompleteJobRequest) C.RustBuffer {
	return LowerIntoRustBuffer[CompleteJobRequest](c, value)
}

func (c FfiConverterCompleteJobRequest) LowerExternal(value CompleteJobRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[CompleteJobRequest](c, value))
}

func (c FfiConverterCompleteJobRequest) Write(writer io.Writer, value CompleteJobRequest) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterStringINSTANCE.Write(writer, value.ChangeId)
	FfiConverterOptionalTypeDiskChangeIdsINSTANCE.Write(writer, value.ChangeIds)
}

type FfiDestroyerCompleteJobRequest struct{}

func (_ FfiDestroyerCompleteJobRequest) Destroy(value CompleteJobRequest) {
	value.Destroy()
}

// `create_migration` with `start_replication: false`.
type ContextCreated struct {
	// The new context.
	ContextId string
	// The VM's name.
	VmName string
	// vCenter's id of the VM.
	VmwareVmId string
	// Always `discovered`.
	CurrentStatus Status
	// [`ADDED_MESSAGE`].
	Message string
	// When the context was created.
	CreatedAt UtcTime
}

func (r *ContextCreated) Destroy() {
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerString{}.Destroy(r.VmName)
	FfiDestroyerString{}.Destroy(r.VmwareVmId)
	FfiDestroyerStatus{}.Destroy(r.CurrentStatus)
	FfiDestroyerString{}.Destroy(r.Message)
	FfiDestroyerTypeUtcTime{}.Destroy(r.CreatedAt)
}

type FfiConverterContextCreated struct{}

var FfiConverterContextCreatedINSTANCE = FfiConverterContextCreated{}

func (c FfiConverterContextCreated) Lift(rb RustBufferI) ContextCreated {
	return LiftFromRustBuffer[ContextCreated](c, rb)
}

func (c FfiConverterContextCreated) Read(reader io.Reader) ContextCreated {
	return ContextCreated{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStatusINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterContextCreated) Lower(value ContextCreated) C.RustBuffer {
	return LowerIntoRustBuffer[ContextCreated](c, value)
}

func (c FfiConverterContextCreated) LowerExternal(value ContextCreated) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ContextCreated](c, value))
}

func (c FfiConverterContextCreated) Write(writer io.Writer, value ContextCreated) {
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterStringINSTANCE.Write(writer, value.VmName)
	FfiConverterStringINSTANCE.Write(writer, value.VmwareVmId)
	FfiConverterStatusINSTANCE.Write(writer, value.CurrentStatus)
	FfiConverterStringINSTANCE.Write(writer, value.Message)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.CreatedAt)
}

type FfiDestroyerContextCreated struct{}

func (_ FfiDestroyerContextCreated) Destroy(value ContextCreated) {
	value.Destroy()
}

// Filter and page of `list_contexts`.
type ContextFilter struct {
	// Only contexts in this status.
	Status *Status
	// Page size (default 100, at most 10,000).
	Limit *uint32
	// Items to skip (slow for deep pages: prefer `after`).
	Offset uint64
	// Only contexts after this cursor (a previous page's `next_cursor`).
	After *string
}

func (r *ContextFilter) Destroy() {
	FfiDestroyerOptionalStatus{}.Destroy(r.Status)
	FfiDestroyerOptionalUint32{}.Destroy(r.Limit)
	FfiDestroyerUint64{}.Destroy(r.Offset)
	FfiDestroyerOptionalString{}.Destroy(r.After)
}

type FfiConverterContextFilter struct{}

var FfiConverterContextFilterINSTANCE = FfiConverterContextFilter{}

func (c FfiConverterContextFilter) Lift(rb RustBufferI) ContextFilter {
	return LiftFromRustBuffer[ContextFilter](c, rb)
}

func (c FfiConverterContextFilter) Read(reader io.Reader) ContextFilter {
	return ContextFilter{
		FfiConverterOptionalStatusINSTANCE.Read(reader),
		FfiConverterOptionalUint32INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterContextFilter) Lower(value ContextFilter) C.RustBuffer {
	return LowerIntoRustBuffer[ContextFilter](c, value)
}

func (c FfiConverterContextFilter) LowerExternal(value ContextFilter) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ContextFilter](c, value))
}

func (c FfiConverterContextFilter) Write(writer io.Writer, value ContextFilter) {
	FfiConverterOptionalStatusINSTANCE.Write(writer, value.Status)
	FfiConverterOptionalUint32INSTANCE.Write(writer, value.Limit)
	FfiConverterUint64INSTANCE.Write(writer, value.Offset)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.After)
}

type FfiDestroyerContextFilter struct{}

func (_ FfiDestroyerContextFilter) Destroy(value ContextFilter) {
	value.Destroy()
}

// `create_group`.
type CreateGroupRequest struct {
	// Unique name.
	Name string
	// Free text.
	Description string
	// A schedule to attach.
	ScheduleId *string
}

func (r *CreateGroupRequest) Destroy() {
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerString{}.Destroy(r.Description)
	FfiDestroyerOptionalString{}.Destroy(r.ScheduleId)
}

type FfiConverterCreateGroupRequest struct{}

var FfiConverterCreateGroupRequestINSTANCE = FfiConverterCreateGroupRequest{}

func (c FfiConverterCreateGroupRequest) Lift(rb RustBufferI) CreateGroupRequest {
	return LiftFromRustBuffer[CreateGroupRequest](c, rb)
}

func (c FfiConverterCreateGroupRequest) Read(reader io.Reader) CreateGroupRequest {
	return CreateGroupRequest{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterCreateGroupRequest) Lower(value CreateGroupRequest) C.RustBuffer {
	return LowerIntoRustBuffer[CreateGroupRequest](c, value)
}

func (c FfiConverterCreateGroupRequest) LowerExternal(value CreateGroupRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[CreateGroupRequest](c, value))
}

func (c FfiConverterCreateGroupRequest) Write(writer io.Writer, value CreateGroupRequest) {
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterStringINSTANCE.Write(writer, value.Description)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ScheduleId)
}

type FfiDestroyerCreateGroupRequest struct{}

func (_ FfiDestroyerCreateGroupRequest) Destroy(value CreateGroupRequest) {
	value.Destroy()
}

// `create_migration` — the original system's `POST /api/v1/replications`.
//
// `start_replication: false` only adds the VM to management;
// absent or `true` also starts a replication job.
type CreateMigrationRequest struct {
	// The VM to manage.
	SourceVm SourceVm
	// Target cloud configuration id.
	OsseaConfigId int64
	// Start a replication job (default `true`).
	StartReplication *bool
	// `initial` or `incremental`; absent picks `incremental` when the VM has synced before.
	ReplicationType *ReplicationType
	// Network the failed-over VM joins.
	TargetNetwork string
	// vCenter the VM lives in; part of the VM's identity.
	VcenterHost string
	// vCenter datacenter.
	Datacenter string
	// Change id this job starts from (CBT).
	ChangeId string
	// Change id of the previous sync.
	PreviousChangeId string
	// Source snapshot the job reads.
	SnapshotId string
	// Schedule execution that started the job, if any.
	ScheduleExecutionId string
	// Group the job was started for, if any.
	VmGroupId string
	// Who scheduled the job, if a scheduler did.
	ScheduledBy string
}

func (r *CreateMigrationRequest) Destroy() {
	FfiDestroyerSourceVm{}.Destroy(r.SourceVm)
	FfiDestroyerInt64{}.Destroy(r.OsseaConfigId)
	FfiDestroyerOptionalBool{}.Destroy(r.StartReplication)
	FfiDestroyerOptionalReplicationType{}.Destroy(r.ReplicationType)
	FfiDestroyerString{}.Destroy(r.TargetNetwork)
	FfiDestroyerString{}.Destroy(r.VcenterHost)
	FfiDestroyerString{}.Destroy(r.Datacenter)
	FfiDestroyerString{}.Destroy(r.ChangeId)
	FfiDestroyerString{}.Destroy(r.PreviousChangeId)
	FfiDestroyerString{}.Destroy(r.SnapshotId)
	FfiDestroyerString{}.Destroy(r.ScheduleExecutionId)
	FfiDestroyerString{}.Destroy(r.VmGroupId)
	FfiDestroyerString{}.Destroy(r.ScheduledBy)
}

type FfiConverterCreateMigrationRequest struct{}

var FfiConverterCreateMigrationRequestINSTANCE = FfiConverterCreateMigrationRequest{}

func (c FfiConverterCreateMigrationRequest) Lift(rb RustBufferI) CreateMigrationRequest {
	return LiftFromRustBuffer[CreateMigrationRequest](c, rb)
}

func (c FfiConverterCreateMigrationRequest) Read(reader io.Reader) CreateMigrationRequest {
	return CreateMigrationRequest{
		FfiConverterSourceVmINSTANCE.Read(reader),
		FfiConverterInt64INSTANCE.Read(reader),
		FfiConverterOptionalBoolINSTANCE.Read(reader),
		FfiConverterOptionalReplicationTypeINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterCreateMigrationRequest) Lower(value CreateMigrationRequest) C.RustBuffer {
	return LowerIntoRustBuffer[CreateMigrationRequest](c, value)
}

func (c FfiConverterCreateMigrationRequest) LowerExternal(value CreateMigrationRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[CreateMigrationRequest](c, value))
}

func (c FfiConverterCreateMigrationRequest) Write(writer io.Writer, value CreateMigrationRequest) {
	FfiConverterSourceVmINSTANCE.Write(writer, value.SourceVm)
	FfiConverterInt64INSTANCE.Write(writer, value.OsseaConfigId)
	FfiConverterOptionalBoolINSTANCE.Write(writer, value.StartReplication)
	FfiConverterOptionalReplicationTypeINSTANCE.Write(writer, value.ReplicationType)
	FfiConverterStringINSTANCE.Write(writer, value.TargetNetwork)
	FfiConverterStringINSTANCE.Write(writer, value.VcenterHost)
	FfiConverterStringINSTANCE.Write(writer, value.Datacenter)
	FfiConverterStringINSTANCE.Write(writer, value.ChangeId)
	FfiConverterStringINSTANCE.Write(writer, value.PreviousChangeId)
	FfiConverterStringINSTANCE.Write(writer, value.SnapshotId)
	FfiConverterStringINSTANCE.Write(writer, value.ScheduleExecutionId)
	FfiConverterStringINSTANCE.Write(writer, value.VmGroupId)
	FfiConverterStringINSTANCE.Write(writer, value.ScheduledBy)
}

type FfiDestroyerCreateMigrationRequest struct{}

func (_ FfiDestroyerCreateMigrationRequest) Destroy(value CreateMigrationRequest) {
	value.Destroy()
}

// `create_schedule`.
type CreateScheduleRequest struct {
	// Unique name.
	Name string
	// `minute hour day-of-month month day-of-week`.
	CronExpression string
	// IANA time zone (default `UTC`).
	Timezone string
	// Default `true`.
	Enabled bool
	// Default 5.
	MaxConcurrentJobs uint32
}

func (r *CreateScheduleRequest) Destroy() {
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerString{}.Destroy(r.CronExpression)
	FfiDestroyerString{}.Destroy(r.Timezone)
	FfiDestroyerBool{}.Destroy(r.Enabled)
	FfiDestroyerUint32{}.Destroy(r.MaxConcurrentJobs)
}

type FfiConverterCreateScheduleRequest struct{}

var FfiConverterCreateScheduleRequestINSTANCE = FfiConverterCreateScheduleRequest{}

func (c FfiConverterCreateScheduleRequest) Lift(rb RustBufferI) CreateScheduleRequest {
	return LiftFromRustBuffer[CreateScheduleRequest](c, rb)
}

func (c FfiConverterCreateScheduleRequest) Read(reader io.Reader) CreateScheduleRequest {
	return CreateScheduleRequest{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterBoolINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
	}
}

func (c FfiConverterCreateScheduleRequest) Lower(value CreateScheduleRequest) C.RustBuffer {
	return LowerIntoRustBuffer[CreateScheduleRequest](c, value)
}

func (c FfiConverterCreateScheduleRequest) LowerExternal(value CreateScheduleRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[CreateScheduleRequest](c, value))
}

func (c FfiConverterCreateScheduleRequest) Write(writer io.Writer, value CreateScheduleRequest) {
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterStringINSTANCE.Write(writer, value.CronExpression)
	FfiConverterStringINSTANCE.Write(writer, value.Timezone)
	FfiConverterBoolINSTANCE.Write(writer, value.Enabled)
	FfiConverterUint32INSTANCE.Write(writer, value.MaxConcurrentJobs)
}

type FfiDestroyerCreateScheduleRequest struct{}

func (_ FfiDestroyerCreateScheduleRequest) Destroy(value CreateScheduleRequest) {
	value.Destroy()
}

// Bytes of one disk of a job, as the host reports them.
type DiskProgress struct {
	// Bytes of this disk copied so far.
	BytesTransferred uint64
	// Bytes of this disk to copy in all, when known (a report without it
	// keeps the one known before).
	TotalBytes *uint64
}

func (r *DiskProgress) Destroy() {
	FfiDestroyerUint64{}.Destroy(r.BytesTransferred)
	FfiDestroyerOptionalUint64{}.Destroy(r.TotalBytes)
}

type FfiConverterDiskProgress struct{}

var FfiConverterDiskProgressINSTANCE = FfiConverterDiskProgress{}

func (c FfiConverterDiskProgress) Lift(rb RustBufferI) DiskProgress {
	return LiftFromRustBuffer[DiskProgress](c, rb)
}

func (c FfiConverterDiskProgress) Read(reader io.Reader) DiskProgress {
	return DiskProgress{
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
	}
}

func (c FfiConverterDiskProgress) Lower(value DiskProgress) C.RustBuffer {
	return LowerIntoRustBuffer[DiskProgress](c, value)
}

func (c FfiConverterDiskProgress) LowerExternal(value DiskProgress) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[DiskProgress](c, value))
}

func (c FfiConverterDiskProgress) Write(writer io.Writer, value DiskProgress) {
	FfiConverterUint64INSTANCE.Write(writer, value.BytesTransferred)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.TotalBytes)
}

type FfiDestroyerDiskProgress struct{}

func (_ FfiDestroyerDiskProgress) Destroy(value DiskProgress) {
	value.Destroy()
}

// `{"error": <message>, "code": <stable code>, "details": <text>, ...typed fields}`.
type ErrorBody struct {
	// Human message.
	Error string
	// Stable code.
	Code ErrorCode
	// Longer text naming the objects involved.
	Details string
	// Typed fields (`existing_context_id`, `job_id`, …).
	Fields JsonObject
}

func (r *ErrorBody) Destroy() {
	FfiDestroyerString{}.Destroy(r.Error)
	FfiDestroyerErrorCode{}.Destroy(r.Code)
	FfiDestroyerString{}.Destroy(r.Details)
	FfiDestroyerTypeJsonObject{}.Destroy(r.Fields)
}

type FfiConverterErrorBody struct{}

var FfiConverterErrorBodyINSTANCE = FfiConverterErrorBody{}

func (c FfiConverterErrorBody) Lift(rb RustBufferI) ErrorBody {
	return LiftFromRustBuffer[ErrorBody](c, rb)
}

func (c FfiConverterErrorBody) Read(reader io.Reader) ErrorBody {
	return ErrorBody{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterErrorCodeINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterTypeJsonObjectINSTANCE.Read(reader),
	}
}

func (c FfiConverterErrorBody) Lower(value ErrorBody) C.RustBuffer {
	return LowerIntoRustBuffer[ErrorBody](c, value)
}

func (c FfiConverterErrorBody) LowerExternal(value ErrorBody) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ErrorBody](c, value))
}

func (c FfiConverterErrorBody) Write(writer io.Writer, value ErrorBody) {
	FfiConverterStringINSTANCE.Write(writer, value.Error)
	FfiConverterErrorCodeINSTANCE.Write(writer, value.Code)
	FfiConverterStringINSTANCE.Write(writer, value.Details)
	FfiConverterTypeJsonObjectINSTANCE.Write(writer, value.Fields)
}

type FfiDestroyerErrorBody struct{}

func (_ FfiDestroyerErrorBody) Destroy(value ErrorBody) {
	value.Destroy()
}

// The host reports that a job failed.
type FailJobRequest struct {
	// The job.
	JobId string
	// What went wrong.
	Error string
}

func (r *FailJobRequest) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerString{}.Destroy(r.Error)
}

type FfiConverterFailJobRequest struct{}

var FfiConverterFailJobRequestINSTANCE = FfiConverterFailJobRequest{}

func (c FfiConverterFailJobRequest) Lift(rb RustBufferI) FailJobRequest {
	return LiftFromRustBuffer[FailJobRequest](c, rb)
}

func (c FfiConverterFailJobRequest) Read(reader io.Reader) FailJobRequest {
	return FailJobRequest{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterFailJobRequest) Lower(value FailJobRequest) C.RustBuffer {
	return LowerIntoRustBuffer[FailJobRequest](c, value)
}

func (c FfiConverterFailJobRequest) LowerExternal(value FailJobRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[FailJobRequest](c, value))
}

func (c FfiConverterFailJobRequest) Write(writer io.Writer, value FailJobRequest) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterStringINSTANCE.Write(writer, value.Error)
}

type FfiDestroyerFailJobRequest struct{}

func (_ FfiDestroyerFailJobRequest) Destroy(value FailJobRequest) {
	value.Destroy()
}

// A test or live failover of a context.
type FailoverJob struct {
	// Id (`failover-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`).
	FailoverJobId string
	// The context.
	ContextId string
	// Test or live.
	Kind FailoverKind
	// Where it stands.
	Status FailoverStatus
	// The VM created in the target cloud (deterministic name).
	DestinationVmName string
	// Its id, once created.
	DestinationVmId *string
	// The log job of the operation that created it.
	LogJobId string
	// The writable clones of the replica a test VM runs on (empty for a
	// live failover, which runs on the replica itself).
	Clones []TestClone
	// Created.
	CreatedAt UtcTime
	// Last changed.
	UpdatedAt UtcTime
}

func (r *FailoverJob) Destroy() {
	FfiDestroyerString{}.Destroy(r.FailoverJobId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerFailoverKind{}.Destroy(r.Kind)
	FfiDestroyerFailoverStatus{}.Destroy(r.Status)
	FfiDestroyerString{}.Destroy(r.DestinationVmName)
	FfiDestroyerOptionalString{}.Destroy(r.DestinationVmId)
	FfiDestroyerString{}.Destroy(r.LogJobId)
	FfiDestroyerSequenceTestClone{}.Destroy(r.Clones)
	FfiDestroyerTypeUtcTime{}.Destroy(r.CreatedAt)
	FfiDestroyerTypeUtcTime{}.Destroy(r.UpdatedAt)
}

type FfiConverterFailoverJob struct{}

var FfiConverterFailoverJobINSTANCE = FfiConverterFailoverJob{}

func (c FfiConverterFailoverJob) Lift(rb RustBufferI) FailoverJob {
	return LiftFromRustBuffer[FailoverJob](c, rb)
}

func (c FfiConverterFailoverJob) Read(reader io.Reader) FailoverJob {
	return FailoverJob{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterFailoverKindINSTANCE.Read(reader),
		FfiConverterFailoverStatusINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterSequenceTestCloneINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterFailoverJob) Lower(value FailoverJob) C.RustBuffer {
	return LowerIntoRustBuffer[FailoverJob](c, value)
}

func (c FfiConverterFailoverJob) LowerExternal(value FailoverJob) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[FailoverJob](c, value))
}

func (c FfiConverterFailoverJob) Write(writer io.Writer, value FailoverJob) {
	FfiConverterStringINSTANCE.Write(writer, value.FailoverJobId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterFailoverKindINSTANCE.Write(writer, value.Kind)
	FfiConverterFailoverStatusINSTANCE.Write(writer, value.Status)
	FfiConverterStringINSTANCE.Write(writer, value.DestinationVmName)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.DestinationVmId)
	FfiConverterStringINSTANCE.Write(writer, value.LogJobId)
	FfiConverterSequenceTestCloneINSTANCE.Write(writer, value.Clones)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.CreatedAt)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.UpdatedAt)
}

type FfiDestroyerFailoverJob struct{}

func (_ FfiDestroyerFailoverJob) Destroy(value FailoverJob) {
	value.Destroy()
}

// The outcome of a failover operation.
type FailoverResult struct {
	// The context.
	ContextId string
	// The failover job.
	FailoverJobId string
	// The target VM.
	DestinationVmId *string
	// The context's status now.
	Status Status
	// The operation's log job.
	LogJobId string
	// Steps that found their effect already in place (a resumed run).
	SkippedSteps []string
	// Problems that did not fail the operation (e.g. a failed final status update).
	Warnings []string
}

func (r *FailoverResult) Destroy() {
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerString{}.Destroy(r.FailoverJobId)
	FfiDestroyerOptionalString{}.Destroy(r.DestinationVmId)
	FfiDestroyerStatus{}.Destroy(r.Status)
	FfiDestroyerString{}.Destroy(r.LogJobId)
	FfiDestroyerSequenceString{}.Destroy(r.SkippedSteps)
	FfiDestroyerSequenceString{}.Destroy(r.Warnings)
}

type FfiConverterFailoverResult struct{}

var FfiConverterFailoverResultINSTANCE = FfiConverterFailoverResult{}

func (c FfiConverterFailoverResult) Lift(rb RustBufferI) FailoverResult {
	return LiftFromRustBuffer[FailoverResult](c, rb)
}

func (c FfiConverterFailoverResult) Read(reader io.Reader) FailoverResult {
	return FailoverResult{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterStatusINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterFailoverResult) Lower(value FailoverResult) C.RustBuffer {
	return LowerIntoRustBuffer[FailoverResult](c, value)
}

func (c FfiConverterFailoverResult) LowerExternal(value FailoverResult) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[FailoverResult](c, value))
}

func (c FfiConverterFailoverResult) Write(writer io.Writer, value FailoverResult) {
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterStringINSTANCE.Write(writer, value.FailoverJobId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.DestinationVmId)
	FfiConverterStatusINSTANCE.Write(writer, value.Status)
	FfiConverterStringINSTANCE.Write(writer, value.LogJobId)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.SkippedSteps)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.Warnings)
}

type FfiDestroyerFailoverResult struct{}

func (_ FfiDestroyerFailoverResult) Destroy(value FailoverResult) {
	value.Destroy()
}

// Names the context (and optionally the failover job) of a cleanup or
// rollback. `context_id` is preferred; `vm_id` (the vCenter id) and
// `vm_name` are accepted for compatibility and must match one context.
type FailoverTarget struct {
	// The context.
	ContextId *string
	// The VM's vCenter id.
	VmId *string
	// The VM's name.
	VmName *string
	// A specific failover job (default: the context's latest of the kind).
	FailoverJobId *string
}

func (r *FailoverTarget) Destroy() {
	FfiDestroyerOptionalString{}.Destroy(r.ContextId)
	FfiDestroyerOptionalString{}.Destroy(r.VmId)
	FfiDestroyerOptionalString{}.Destroy(r.VmName)
	FfiDestroyerOptionalString{}.Destroy(r.FailoverJobId)
}

type FfiConverterFailoverTarget struct{}

var FfiConverterFailoverTargetINSTANCE = FfiConverterFailoverTarget{}

func (c FfiConverterFailoverTarget) Lift(rb RustBufferI) FailoverTarget {
	return LiftFromRustBuffer[FailoverTarget](c, rb)
}

func (c FfiConverterFailoverTarget) Read(reader io.Reader) FailoverTarget {
	return FailoverTarget{
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterFailoverTarget) Lower(value FailoverTarget) C.RustBuffer {
	return LowerIntoRustBuffer[FailoverTarget](c, value)
}

func (c FfiConverterFailoverTarget) LowerExternal(value FailoverTarget) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[FailoverTarget](c, value))
}

func (c FfiConverterFailoverTarget) Write(writer io.Writer, value FailoverTarget) {
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.VmId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.VmName)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.FailoverJobId)
}

type FfiDestroyerFailoverTarget struct{}

func (_ FfiDestroyerFailoverTarget) Destroy(value FailoverTarget) {
	value.Destroy()
}

// A group with its members, as `get_group` answers.
type GroupDetails struct {
	// The group.
	Group VmGroup
	// Its members, by priority.
	Members []GroupMember
}

func (r *GroupDetails) Destroy() {
	FfiDestroyerVmGroup{}.Destroy(r.Group)
	FfiDestroyerSequenceGroupMember{}.Destroy(r.Members)
}

type FfiConverterGroupDetails struct{}

var FfiConverterGroupDetailsINSTANCE = FfiConverterGroupDetails{}

func (c FfiConverterGroupDetails) Lift(rb RustBufferI) GroupDetails {
	return LiftFromRustBuffer[GroupDetails](c, rb)
}

func (c FfiConverterGroupDetails) Read(reader io.Reader) GroupDetails {
	return GroupDetails{
		FfiConverterVmGroupINSTANCE.Read(reader),
		FfiConverterSequenceGroupMemberINSTANCE.Read(reader),
	}
}

func (c FfiConverterGroupDetails) Lower(value GroupDetails) C.RustBuffer {
	return LowerIntoRustBuffer[GroupDetails](c, value)
}

func (c FfiConverterGroupDetails) LowerExternal(value GroupDetails) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[GroupDetails](c, value))
}

func (c FfiConverterGroupDetails) Write(writer io.Writer, value GroupDetails) {
	FfiConverterVmGroupINSTANCE.Write(writer, value.Group)
	FfiConverterSequenceGroupMemberINSTANCE.Write(writer, value.Members)
}

type FfiDestroyerGroupDetails struct{}

func (_ FfiDestroyerGroupDetails) Destroy(value GroupDetails) {
	value.Destroy()
}

// A context's membership of a group.
type GroupMember struct {
	// The group.
	GroupId string
	// The context.
	ContextId string
	// Lower runs first when a schedule cannot start every member.
	Priority int32
	// When it joined.
	AddedAt UtcTime
}

func (r *GroupMember) Destroy() {
	FfiDestroyerString{}.Destroy(r.GroupId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerInt32{}.Destroy(r.Priority)
	FfiDestroyerTypeUtcTime{}.Destroy(r.AddedAt)
}

type FfiConverterGroupMember struct{}

var FfiConverterGroupMemberINSTANCE = FfiConverterGroupMember{}

func (c FfiConverterGroupMember) Lift(rb RustBufferI) GroupMember {
	return LiftFromRustBuffer[GroupMember](c, rb)
}

func (c FfiConverterGroupMember) Read(reader io.Reader) GroupMember {
	return GroupMember{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterInt32INSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterGroupMember) Lower(value GroupMember) C.RustBuffer {
	return LowerIntoRustBuffer[GroupMember](c, value)
}

func (c FfiConverterGroupMember) LowerExternal(value GroupMember) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[GroupMember](c, value))
}

func (c FfiConverterGroupMember) Write(writer io.Writer, value GroupMember) {
	FfiConverterStringINSTANCE.Write(writer, value.GroupId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterInt32INSTANCE.Write(writer, value.Priority)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.AddedAt)
}

type FfiDestroyerGroupMember struct{}

func (_ FfiDestroyerGroupMember) Destroy(value GroupMember) {
	value.Destroy()
}

// The outcome of `delete_job`.
type JobDeleted struct {
	// The deleted job.
	JobId string
	// Its context.
	ContextId string
	// Volumes the job had created, now deleted with their exports.
	VolumesDeleted []string
	// The context's status now (`discovered` when its volumes went).
	Status Status
	// The log job of the deletion.
	LogJobId string
}

func (r *JobDeleted) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerSequenceString{}.Destroy(r.VolumesDeleted)
	FfiDestroyerStatus{}.Destroy(r.Status)
	FfiDestroyerString{}.Destroy(r.LogJobId)
}

type FfiConverterJobDeleted struct{}

var FfiConverterJobDeletedINSTANCE = FfiConverterJobDeleted{}

func (c FfiConverterJobDeleted) Lift(rb RustBufferI) JobDeleted {
	return LiftFromRustBuffer[JobDeleted](c, rb)
}

func (c FfiConverterJobDeleted) Read(reader io.Reader) JobDeleted {
	return JobDeleted{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterStatusINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterJobDeleted) Lower(value JobDeleted) C.RustBuffer {
	return LowerIntoRustBuffer[JobDeleted](c, value)
}

func (c FfiConverterJobDeleted) LowerExternal(value JobDeleted) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[JobDeleted](c, value))
}

func (c FfiConverterJobDeleted) Write(writer io.Writer, value JobDeleted) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.VolumesDeleted)
	FfiConverterStatusINSTANCE.Write(writer, value.Status)
	FfiConverterStringINSTANCE.Write(writer, value.LogJobId)
}

type FfiDestroyerJobDeleted struct{}

func (_ FfiDestroyerJobDeleted) Destroy(value JobDeleted) {
	value.Destroy()
}

// Filter and page of `list_jobs` (newest first).
type JobFilter struct {
	// Only jobs of this context.
	ContextId *string
	// Only jobs in this status.
	Status *JobStatus
	// Page size (default 100, at most 10,000).
	Limit *uint32
	// Items to skip (slow for deep pages: prefer `after`).
	Offset uint64
	// Only jobs after this cursor (a previous page's `next_cursor`).
	After *string
}

func (r *JobFilter) Destroy() {
	FfiDestroyerOptionalString{}.Destroy(r.ContextId)
	FfiDestroyerOptionalJobStatus{}.Destroy(r.Status)
	FfiDestroyerOptionalUint32{}.Destroy(r.Limit)
	FfiDestroyerUint64{}.Destroy(r.Offset)
	FfiDestroyerOptionalString{}.Destroy(r.After)
}

type FfiConverterJobFilter struct{}

var FfiConverterJobFilterINSTANCE = FfiConverterJobFilter{}

func (c FfiConverterJobFilter) Lift(rb RustBufferI) JobFilter {
	return LiftFromRustBuffer[JobFilter](c, rb)
}

func (c FfiConverterJobFilter) Read(reader io.Reader) JobFilter {
	return JobFilter{
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalJobStatusINSTANCE.Read(reader),
		FfiConverterOptionalUint32INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterJobFilter) Lower(value JobFilter) C.RustBuffer {
	return LowerIntoRustBuffer[JobFilter](c, value)
}

func (c FfiConverterJobFilter) LowerExternal(value JobFilter) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[JobFilter](c, value))
}

func (c FfiConverterJobFilter) Write(writer io.Writer, value JobFilter) {
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterOptionalJobStatusINSTANCE.Write(writer, value.Status)
	FfiConverterOptionalUint32INSTANCE.Write(writer, value.Limit)
	FfiConverterUint64INSTANCE.Write(writer, value.Offset)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.After)
}

type FfiDestroyerJobFilter struct{}

func (_ FfiDestroyerJobFilter) Destroy(value JobFilter) {
	value.Destroy()
}

// `create_migration` that started a replication job.
type JobStarted struct {
	// The new job.
	JobId string
	// The context the job runs for (new or reused).
	ContextId string
	// Always `replicating`.
	Status Status
	// 0 at start.
	ProgressPercent float64
	// Target volumes created for this job.
	CreatedVolumes uint32
	// Target volumes attached to the appliance for this job.
	MountedVolumes uint32
	// When the job started.
	StartedAt UtcTime
	// Every disk of the VM with the change id its copy starts from (empty:
	// copy it whole), as on the job.
	PreviousChangeIds DiskChangeIds
	// [`JOB_STARTED_MESSAGE`].
	Message string
}

func (r *JobStarted) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerStatus{}.Destroy(r.Status)
	FfiDestroyerFloat64{}.Destroy(r.ProgressPercent)
	FfiDestroyerUint32{}.Destroy(r.CreatedVolumes)
	FfiDestroyerUint32{}.Destroy(r.MountedVolumes)
	FfiDestroyerTypeUtcTime{}.Destroy(r.StartedAt)
	FfiDestroyerTypeDiskChangeIds{}.Destroy(r.PreviousChangeIds)
	FfiDestroyerString{}.Destroy(r.Message)
}

type FfiConverterJobStarted struct{}

var FfiConverterJobStartedINSTANCE = FfiConverterJobStarted{}

func (c FfiConverterJobStarted) Lift(rb RustBufferI) JobStarted {
	return LiftFromRustBuffer[JobStarted](c, rb)
}

func (c FfiConverterJobStarted) Read(reader io.Reader) JobStarted {
	return JobStarted{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStatusINSTANCE.Read(reader),
		FfiConverterFloat64INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterTypeDiskChangeIdsINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterJobStarted) Lower(value JobStarted) C.RustBuffer {
	return LowerIntoRustBuffer[JobStarted](c, value)
}

func (c FfiConverterJobStarted) LowerExternal(value JobStarted) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[JobStarted](c, value))
}

func (c FfiConverterJobStarted) Write(writer io.Writer, value JobStarted) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterStatusINSTANCE.Write(writer, value.Status)
	FfiConverterFloat64INSTANCE.Write(writer, value.ProgressPercent)
	FfiConverterUint32INSTANCE.Write(writer, value.CreatedVolumes)
	FfiConverterUint32INSTANCE.Write(writer, value.MountedVolumes)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.StartedAt)
	FfiConverterTypeDiskChangeIdsINSTANCE.Write(writer, value.PreviousChangeIds)
	FfiConverterStringINSTANCE.Write(writer, value.Message)
}

type FfiDestroyerJobStarted struct{}

func (_ FfiDestroyerJobStarted) Destroy(value JobStarted) {
	value.Destroy()
}

// An event as read back.
type LogEvent struct {
	// When.
	At UtcTime
	// Level.
	Level string
	// Target.
	Target string
	// Message and fields.
	Message string
}

func (r *LogEvent) Destroy() {
	FfiDestroyerTypeUtcTime{}.Destroy(r.At)
	FfiDestroyerString{}.Destroy(r.Level)
	FfiDestroyerString{}.Destroy(r.Target)
	FfiDestroyerString{}.Destroy(r.Message)
}

type FfiConverterLogEvent struct{}

var FfiConverterLogEventINSTANCE = FfiConverterLogEvent{}

func (c FfiConverterLogEvent) Lift(rb RustBufferI) LogEvent {
	return LiftFromRustBuffer[LogEvent](c, rb)
}

func (c FfiConverterLogEvent) Read(reader io.Reader) LogEvent {
	return LogEvent{
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterLogEvent) Lower(value LogEvent) C.RustBuffer {
	return LowerIntoRustBuffer[LogEvent](c, value)
}

func (c FfiConverterLogEvent) LowerExternal(value LogEvent) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[LogEvent](c, value))
}

func (c FfiConverterLogEvent) Write(writer io.Writer, value LogEvent) {
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.At)
	FfiConverterStringINSTANCE.Write(writer, value.Level)
	FfiConverterStringINSTANCE.Write(writer, value.Target)
	FfiConverterStringINSTANCE.Write(writer, value.Message)
}

type FfiDestroyerLogEvent struct{}

func (_ FfiDestroyerLogEvent) Destroy(value LogEvent) {
	value.Destroy()
}

// Filter of [`JobLog::list_jobs`], newest first.
type LogFilter struct {
	// Only this context's log jobs.
	ContextId *string
	// Only log jobs in this status.
	Status *LogStatus
	// Only this operation.
	Operation *string
	// Page size (default 100, at most 10,000).
	Limit *uint32
	// Items to skip (slow for deep pages: prefer `after`).
	Offset uint64
	// Only log jobs after this cursor (a previous page's `next_cursor`).
	After *string
}

func (r *LogFilter) Destroy() {
	FfiDestroyerOptionalString{}.Destroy(r.ContextId)
	FfiDestroyerOptionalLogStatus{}.Destroy(r.Status)
	FfiDestroyerOptionalString{}.Destroy(r.Operation)
	FfiDestroyerOptionalUint32{}.Destroy(r.Limit)
	FfiDestroyerUint64{}.Destroy(r.Offset)
	FfiDestroyerOptionalString{}.Destroy(r.After)
}

type FfiConverterLogFilter struct{}

var FfiConverterLogFilterINSTANCE = FfiConverterLogFilter{}

func (c FfiConverterLogFilter) Lift(rb RustBufferI) LogFilter {
	return LiftFromRustBuffer[LogFilter](c, rb)
}

func (c FfiConverterLogFilter) Read(reader io.Reader) LogFilter {
	return LogFilter{
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalLogStatusINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalUint32INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterLogFilter) Lower(value LogFilter) C.RustBuffer {
	return LowerIntoRustBuffer[LogFilter](c, value)
}

func (c FfiConverterLogFilter) LowerExternal(value LogFilter) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[LogFilter](c, value))
}

func (c FfiConverterLogFilter) Write(writer io.Writer, value LogFilter) {
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterOptionalLogStatusINSTANCE.Write(writer, value.Status)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.Operation)
	FfiConverterOptionalUint32INSTANCE.Write(writer, value.Limit)
	FfiConverterUint64INSTANCE.Write(writer, value.Offset)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.After)
}

type FfiDestroyerLogFilter struct{}

func (_ FfiDestroyerLogFilter) Destroy(value LogFilter) {
	value.Destroy()
}

// A log job as read back.
type LogJob struct {
	// Id.
	JobId string
	// Operation.
	Operation string
	// Context.
	ContextId *string
	// Correlation id.
	CorrelationId *string
	// Parent log job.
	ParentJobId *string
	// Status.
	Status LogStatus
	// Error of a failed job.
	Error *string
	// Start.
	StartedAt UtcTime
	// End.
	FinishedAt *UtcTime
	// Steps in order (filled by [`JobLog::get_job`], empty in listings).
	Steps []LogStep
}

func (r *LogJob) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerString{}.Destroy(r.Operation)
	FfiDestroyerOptionalString{}.Destroy(r.ContextId)
	FfiDestroyerOptionalString{}.Destroy(r.CorrelationId)
	FfiDestroyerOptionalString{}.Destroy(r.ParentJobId)
	FfiDestroyerLogStatus{}.Destroy(r.Status)
	FfiDestroyerOptionalString{}.Destroy(r.Error)
	FfiDestroyerTypeUtcTime{}.Destroy(r.StartedAt)
	FfiDestroyerOptionalTypeUtcTime{}.Destroy(r.FinishedAt)
	FfiDestroyerSequenceLogStep{}.Destroy(r.Steps)
}

type FfiConverterLogJob struct{}

var FfiConverterLogJobINSTANCE = FfiConverterLogJob{}

func (c FfiConverterLogJob) Lift(rb RustBufferI) LogJob {
	return LiftFromRustBuffer[LogJob](c, rb)
}

func (c FfiConverterLogJob) Read(reader io.Reader) LogJob {
	return LogJob{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterLogStatusINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterOptionalTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterSequenceLogStepINSTANCE.Read(reader),
	}
}

func (c FfiConverterLogJob) Lower(value LogJob) C.RustBuffer {
	return LowerIntoRustBuffer[LogJob](c, value)
}

func (c FfiConverterLogJob) LowerExternal(value LogJob) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[LogJob](c, value))
}

func (c FfiConverterLogJob) Write(writer io.Writer, value LogJob) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterStringINSTANCE.Write(writer, value.Operation)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.CorrelationId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ParentJobId)
	FfiConverterLogStatusINSTANCE.Write(writer, value.Status)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.Error)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.StartedAt)
	FfiConverterOptionalTypeUtcTimeINSTANCE.Write(writer, value.FinishedAt)
	FfiConverterSequenceLogStepINSTANCE.Write(writer, value.Steps)
}

type FfiDestroyerLogJob struct{}

func (_ FfiDestroyerLogJob) Destroy(value LogJob) {
	value.Destroy()
}

// A step as read back.
type LogStep struct {
	// Order within the job.
	Seq uint32
	// Name.
	Name string
	// Status.
	Status LogStatus
	// Error of a failed step.
	Error *string
	// Start.
	StartedAt UtcTime
	// End.
	FinishedAt *UtcTime
	// Events emitted inside the step.
	Events []LogEvent
}

func (r *LogStep) Destroy() {
	FfiDestroyerUint32{}.Destroy(r.Seq)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerLogStatus{}.Destroy(r.Status)
	FfiDestroyerOptionalString{}.Destroy(r.Error)
	FfiDestroyerTypeUtcTime{}.Destroy(r.StartedAt)
	FfiDestroyerOptionalTypeUtcTime{}.Destroy(r.FinishedAt)
	FfiDestroyerSequenceLogEvent{}.Destroy(r.Events)
}

type FfiConverterLogStep struct{}

var FfiConverterLogStepINSTANCE = FfiConverterLogStep{}

func (c FfiConverterLogStep) Lift(rb RustBufferI) LogStep {
	return LiftFromRustBuffer[LogStep](c, rb)
}

func (c FfiConverterLogStep) Read(reader io.Reader) LogStep {
	return LogStep{
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterLogStatusINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterOptionalTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterSequenceLogEventINSTANCE.Read(reader),
	}
}

func (c FfiConverterLogStep) Lower(value LogStep) C.RustBuffer {
	return LowerIntoRustBuffer[LogStep](c, value)
}

func (c FfiConverterLogStep) LowerExternal(value LogStep) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[LogStep](c, value))
}

func (c FfiConverterLogStep) Write(writer io.Writer, value LogStep) {
	FfiConverterUint32INSTANCE.Write(writer, value.Seq)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterLogStatusINSTANCE.Write(writer, value.Status)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.Error)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.StartedAt)
	FfiConverterOptionalTypeUtcTimeINSTANCE.Write(writer, value.FinishedAt)
	FfiConverterSequenceLogEventINSTANCE.Write(writer, value.Events)
}

type FfiDestroyerLogStep struct{}

func (_ FfiDestroyerLogStep) Destroy(value LogStep) {
	value.Destroy()
}

// A published export.
type NbdExport struct {
	// Export name (`migration-vol-<volume_id>`).
	Name string
	// Host the NBD server listens on.
	Host string
	// Its port.
	Port uint16
	// The device the export serves.
	DevicePath string
}

func (r *NbdExport) Destroy() {
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerString{}.Destroy(r.Host)
	FfiDestroyerUint16{}.Destroy(r.Port)
	FfiDestroyerString{}.Destroy(r.DevicePath)
}

type FfiConverterNbdExport struct{}

var FfiConverterNbdExportINSTANCE = FfiConverterNbdExport{}

func (c FfiConverterNbdExport) Lift(rb RustBufferI) NbdExport {
	return LiftFromRustBuffer[NbdExport](c, rb)
}

func (c FfiConverterNbdExport) Read(reader io.Reader) NbdExport {
	return NbdExport{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint16INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterNbdExport) Lower(value NbdExport) C.RustBuffer {
	return LowerIntoRustBuffer[NbdExport](c, value)
}

func (c FfiConverterNbdExport) LowerExternal(value NbdExport) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[NbdExport](c, value))
}

func (c FfiConverterNbdExport) Write(writer io.Writer, value NbdExport) {
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterStringINSTANCE.Write(writer, value.Host)
	FfiConverterUint16INSTANCE.Write(writer, value.Port)
	FfiConverterStringINSTANCE.Write(writer, value.DevicePath)
}

type FfiDestroyerNbdExport struct{}

func (_ FfiDestroyerNbdExport) Destroy(value NbdExport) {
	value.Destroy()
}

// What `reconcile` found, planned and (with `apply`) did.
type ReconcileReport struct {
	// Whether the plan was carried out.
	Applied bool
	// Contexts compared.
	ContextsChecked Usize
	// Differences it would repair (a missing export it can recreate).
	PlannedRepairs []string
	// Provable orphans of ours it would remove (past the grace period).
	PlannedRemovals []string
	// Differences repaired (with `apply`).
	Repaired []string
	// Orphans removed (with `apply`).
	Removed []string
	// Differences left for a person (a recorded volume that is gone, a
	// volume attached where it should not be, an orphan still within its
	// grace period or attached to something).
	Reported []string
	// The log job of the run.
	LogJobId string
}

func (r *ReconcileReport) Destroy() {
	FfiDestroyerBool{}.Destroy(r.Applied)
	FfiDestroyerTypeUsize{}.Destroy(r.ContextsChecked)
	FfiDestroyerSequenceString{}.Destroy(r.PlannedRepairs)
	FfiDestroyerSequenceString{}.Destroy(r.PlannedRemovals)
	FfiDestroyerSequenceString{}.Destroy(r.Repaired)
	FfiDestroyerSequenceString{}.Destroy(r.Removed)
	FfiDestroyerSequenceString{}.Destroy(r.Reported)
	FfiDestroyerString{}.Destroy(r.LogJobId)
}

type FfiConverterReconcileReport struct{}

var FfiConverterReconcileReportINSTANCE = FfiConverterReconcileReport{}

func (c FfiConverterReconcileReport) Lift(rb RustBufferI) ReconcileReport {
	return LiftFromRustBuffer[ReconcileReport](c, rb)
}

func (c FfiConverterReconcileReport) Read(reader io.Reader) ReconcileReport {
	return ReconcileReport{
		FfiConverterBoolINSTANCE.Read(reader),
		FfiConverterTypeUsizeINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterReconcileReport) Lower(value ReconcileReport) C.RustBuffer {
	return LowerIntoRustBuffer[ReconcileReport](c, value)
}

func (c FfiConverterReconcileReport) LowerExternal(value ReconcileReport) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ReconcileReport](c, value))
}

func (c FfiConverterReconcileReport) Write(writer io.Writer, value ReconcileReport) {
	FfiConverterBoolINSTANCE.Write(writer, value.Applied)
	FfiConverterTypeUsizeINSTANCE.Write(writer, value.ContextsChecked)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.PlannedRepairs)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.PlannedRemovals)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.Repaired)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.Removed)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.Reported)
	FfiConverterStringINSTANCE.Write(writer, value.LogJobId)
}

type FfiDestroyerReconcileReport struct{}

func (_ FfiDestroyerReconcileReport) Destroy(value ReconcileReport) {
	value.Destroy()
}

// What `reconcile` is asked to do.
type ReconcileRequest struct {
	// Carry the plan out (default: only return it).
	Apply bool
	// How long (seconds) a resource must have been seen orphaned before
	// `apply` removes it; default [`DEFAULT_GRACE_SECONDS`]. `0` removes
	// orphans at first sight.
	GraceSeconds *uint64
}

func (r *ReconcileRequest) Destroy() {
	FfiDestroyerBool{}.Destroy(r.Apply)
	FfiDestroyerOptionalUint64{}.Destroy(r.GraceSeconds)
}

type FfiConverterReconcileRequest struct{}

var FfiConverterReconcileRequestINSTANCE = FfiConverterReconcileRequest{}

func (c FfiConverterReconcileRequest) Lift(rb RustBufferI) ReconcileRequest {
	return LiftFromRustBuffer[ReconcileRequest](c, rb)
}

func (c FfiConverterReconcileRequest) Read(reader io.Reader) ReconcileRequest {
	return ReconcileRequest{
		FfiConverterBoolINSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
	}
}

func (c FfiConverterReconcileRequest) Lower(value ReconcileRequest) C.RustBuffer {
	return LowerIntoRustBuffer[ReconcileRequest](c, value)
}

func (c FfiConverterReconcileRequest) LowerExternal(value ReconcileRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ReconcileRequest](c, value))
}

func (c FfiConverterReconcileRequest) Write(writer io.Writer, value ReconcileRequest) {
	FfiConverterBoolINSTANCE.Write(writer, value.Apply)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.GraceSeconds)
}

type FfiDestroyerReconcileRequest struct{}

func (_ FfiDestroyerReconcileRequest) Destroy(value ReconcileRequest) {
	value.Destroy()
}

// The outcome of `remove_from_management`.
type Removed struct {
	// The removed context.
	ContextId string
	// Replication jobs deleted with it.
	JobsDeleted uint64
	// The log job that recorded the removal (kept as audit trail).
	LogJobId string
}

func (r *Removed) Destroy() {
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerUint64{}.Destroy(r.JobsDeleted)
	FfiDestroyerString{}.Destroy(r.LogJobId)
}

type FfiConverterRemoved struct{}

var FfiConverterRemovedINSTANCE = FfiConverterRemoved{}

func (c FfiConverterRemoved) Lift(rb RustBufferI) Removed {
	return LiftFromRustBuffer[Removed](c, rb)
}

func (c FfiConverterRemoved) Read(reader io.Reader) Removed {
	return Removed{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterRemoved) Lower(value Removed) C.RustBuffer {
	return LowerIntoRustBuffer[Removed](c, value)
}

func (c FfiConverterRemoved) LowerExternal(value Removed) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Removed](c, value))
}

func (c FfiConverterRemoved) Write(writer io.Writer, value Removed) {
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterUint64INSTANCE.Write(writer, value.JobsDeleted)
	FfiConverterStringINSTANCE.Write(writer, value.LogJobId)
}

type FfiDestroyerRemoved struct{}

func (_ FfiDestroyerRemoved) Destroy(value Removed) {
	value.Destroy()
}

// A VM under management (`vm_replication_contexts` in the original system).
type ReplicationContext struct {
	// Primary identifier everywhere (`ctx-<name>-<YYYYMMDD-HHMMSS>`).
	ContextId string
	// The VM's name.
	VmName string
	// vCenter's id of the VM; with `vcenter_host` the VM's identity.
	VmwareVmId string
	// vCenter the VM lives in (may be empty).
	VcenterHost string
	// vCenter datacenter.
	Datacenter string
	// Target cloud configuration id.
	OsseaConfigId int64
	// Network the failed-over VM joins.
	TargetNetwork string
	// The VM as discovered.
	SourceVm SourceVm
	// Lifecycle status.
	CurrentStatus Status
	// The active replication job, while `replicating`.
	CurrentJobId *string
	// The last job that completed.
	LastSuccessfulJobId *string
	// Change id of the last completed sync, kept for compatibility: the one
	// disk's (or the VM's when it has no disk), as before change ids were
	// per disk. `None` when the last sync recorded one change id per disk
	// for several disks: read `last_change_ids`.
	LastChangeId *string
	// Each disk's change id of the last completed sync; incrementals start
	// each disk from its own. A disk without one is copied whole.
	LastChangeIds DiskChangeIds
	// The multi-step operation holding the context's lock, if any.
	ActiveOperation *Operation
	// The log job of that operation.
	ActiveOperationJobId *string
	// The error of the last failed operation or job; cleared when a job completes.
	LastError *string
	// When the context was created.
	CreatedAt UtcTime
	// When any field last changed.
	UpdatedAt UtcTime
	// When `current_status` last changed.
	LastStatusChange UtcTime
}

func (r *ReplicationContext) Destroy() {
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerString{}.Destroy(r.VmName)
	FfiDestroyerString{}.Destroy(r.VmwareVmId)
	FfiDestroyerString{}.Destroy(r.VcenterHost)
	FfiDestroyerString{}.Destroy(r.Datacenter)
	FfiDestroyerInt64{}.Destroy(r.OsseaConfigId)
	FfiDestroyerString{}.Destroy(r.TargetNetwork)
	FfiDestroyerSourceVm{}.Destroy(r.SourceVm)
	FfiDestroyerStatus{}.Destroy(r.CurrentStatus)
	FfiDestroyerOptionalString{}.Destroy(r.CurrentJobId)
	FfiDestroyerOptionalString{}.Destroy(r.LastSuccessfulJobId)
	FfiDestroyerOptionalString{}.Destroy(r.LastChangeId)
	FfiDestroyerTypeDiskChangeIds{}.Destroy(r.LastChangeIds)
	FfiDestroyerOptionalOperation{}.Destroy(r.ActiveOperation)
	FfiDestroyerOptionalString{}.Destroy(r.ActiveOperationJobId)
	FfiDestroyerOptionalString{}.Destroy(r.LastError)
	FfiDestroyerTypeUtcTime{}.Destroy(r.CreatedAt)
	FfiDestroyerTypeUtcTime{}.Destroy(r.UpdatedAt)
	FfiDestroyerTypeUtcTime{}.Destroy(r.LastStatusChange)
}

type FfiConverterReplicationContext struct{}

var FfiConverterReplicationContextINSTANCE = FfiConverterReplicationContext{}

func (c FfiConverterReplicationContext) Lift(rb RustBufferI) ReplicationContext {
	return LiftFromRustBuffer[ReplicationContext](c, rb)
}

func (c FfiConverterReplicationContext) Read(reader io.Reader) ReplicationContext {
	return ReplicationContext{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterInt64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterSourceVmINSTANCE.Read(reader),
		FfiConverterStatusINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeDiskChangeIdsINSTANCE.Read(reader),
		FfiConverterOptionalOperationINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterReplicationContext) Lower(value ReplicationContext) C.RustBuffer {
	return LowerIntoRustBuffer[ReplicationContext](c, value)
}

func (c FfiConverterReplicationContext) LowerExternal(value ReplicationContext) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ReplicationContext](c, value))
}

func (c FfiConverterReplicationContext) Write(writer io.Writer, value ReplicationContext) {
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterStringINSTANCE.Write(writer, value.VmName)
	FfiConverterStringINSTANCE.Write(writer, value.VmwareVmId)
	FfiConverterStringINSTANCE.Write(writer, value.VcenterHost)
	FfiConverterStringINSTANCE.Write(writer, value.Datacenter)
	FfiConverterInt64INSTANCE.Write(writer, value.OsseaConfigId)
	FfiConverterStringINSTANCE.Write(writer, value.TargetNetwork)
	FfiConverterSourceVmINSTANCE.Write(writer, value.SourceVm)
	FfiConverterStatusINSTANCE.Write(writer, value.CurrentStatus)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.CurrentJobId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.LastSuccessfulJobId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.LastChangeId)
	FfiConverterTypeDiskChangeIdsINSTANCE.Write(writer, value.LastChangeIds)
	FfiConverterOptionalOperationINSTANCE.Write(writer, value.ActiveOperation)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ActiveOperationJobId)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.LastError)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.CreatedAt)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.UpdatedAt)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.LastStatusChange)
}

type FfiDestroyerReplicationContext struct{}

func (_ FfiDestroyerReplicationContext) Destroy(value ReplicationContext) {
	value.Destroy()
}

// One replication run of a context.
type ReplicationJob struct {
	// `job-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`.
	JobId string
	// The context it replicates.
	ContextId string
	// Initial or incremental.
	ReplicationType ReplicationType
	// Job status.
	Status JobStatus
	// The context's status before the job started; a cancel returns to it.
	PreviousStatus Status
	// 0.0 ..= 100.0.
	ProgressPercent float64
	// Bytes copied so far.
	BytesTransferred uint64
	// Bytes to copy in all, when known.
	TotalBytes *uint64
	// Change id the job starts from.
	ChangeId string
	// Change id of the previous sync: the one disk's (or, for a VM without
	// disks, the context's); empty for several disks (see
	// `previous_change_ids`).
	PreviousChangeId string
	// Every disk of the VM when the job started, with the change id its
	// copy starts from; empty for a disk to copy whole (an initial job, a
	// disk added since the last sync, a disk whose last sync recorded none).
	PreviousChangeIds DiskChangeIds
	// Change id the job produced (set on completion): the one disk's;
	// `None` when the completion gave one per disk for several disks.
	NewChangeId *string
	// Change ids the job produced, by disk (set on completion).
	NewChangeIds DiskChangeIds
	// Bytes per disk, as far as the host reported them.
	DiskProgress DiskProgressByDisk
	// Source snapshot.
	SnapshotId string
	// Schedule execution that started the job.
	ScheduleExecutionId string
	// Group the job was started for.
	VmGroupId string
	// Who scheduled the job.
	ScheduledBy string
	// Volumes created for this job.
	CreatedVolumes uint32
	// Volumes attached to the appliance for this job.
	MountedVolumes uint32
	// Failure reason.
	Error *string
	// When the job was created.
	StartedAt UtcTime
	// When any field last changed.
	UpdatedAt UtcTime
	// When the job completed, failed or was cancelled.
	FinishedAt *UtcTime
}

func (r *ReplicationJob) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerReplicationType{}.Destroy(r.ReplicationType)
	FfiDestroyerJobStatus{}.Destroy(r.Status)
	FfiDestroyerStatus{}.Destroy(r.PreviousStatus)
	FfiDestroyerFloat64{}.Destroy(r.ProgressPercent)
	FfiDestroyerUint64{}.Destroy(r.BytesTransferred)
	FfiDestroyerOptionalUint64{}.Destroy(r.TotalBytes)
	FfiDestroyerString{}.Destroy(r.ChangeId)
	FfiDestroyerString{}.Destroy(r.PreviousChangeId)
	FfiDestroyerTypeDiskChangeIds{}.Destroy(r.PreviousChangeIds)
	FfiDestroyerOptionalString{}.Destroy(r.NewChangeId)
	FfiDestroyerTypeDiskChangeIds{}.Destroy(r.NewChangeIds)
	FfiDestroyerTypeDiskProgressByDisk{}.Destroy(r.DiskProgress)
	FfiDestroyerString{}.Destroy(r.SnapshotId)
	FfiDestroyerString{}.Destroy(r.ScheduleExecutionId)
	FfiDestroyerString{}.Destroy(r.VmGroupId)
	FfiDestroyerString{}.Destroy(r.ScheduledBy)
	FfiDestroyerUint32{}.Destroy(r.CreatedVolumes)
	FfiDestroyerUint32{}.Destroy(r.MountedVolumes)
	FfiDestroyerOptionalString{}.Destroy(r.Error)
	FfiDestroyerTypeUtcTime{}.Destroy(r.StartedAt)
	FfiDestroyerTypeUtcTime{}.Destroy(r.UpdatedAt)
	FfiDestroyerOptionalTypeUtcTime{}.Destroy(r.FinishedAt)
}

type FfiConverterReplicationJob struct{}

var FfiConverterReplicationJobINSTANCE = FfiConverterReplicationJob{}

func (c FfiConverterReplicationJob) Lift(rb RustBufferI) ReplicationJob {
	return LiftFromRustBuffer[ReplicationJob](c, rb)
}

func (c FfiConverterReplicationJob) Read(reader io.Reader) ReplicationJob {
	return ReplicationJob{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterReplicationTypeINSTANCE.Read(reader),
		FfiConverterJobStatusINSTANCE.Read(reader),
		FfiConverterStatusINSTANCE.Read(reader),
		FfiConverterFloat64INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterTypeDiskChangeIdsINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeDiskChangeIdsINSTANCE.Read(reader),
		FfiConverterTypeDiskProgressByDiskINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterOptionalTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterReplicationJob) Lower(value ReplicationJob) C.RustBuffer {
	return LowerIntoRustBuffer[ReplicationJob](c, value)
}

func (c FfiConverterReplicationJob) LowerExternal(value ReplicationJob) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ReplicationJob](c, value))
}

func (c FfiConverterReplicationJob) Write(writer io.Writer, value ReplicationJob) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterReplicationTypeINSTANCE.Write(writer, value.ReplicationType)
	FfiConverterJobStatusINSTANCE.Write(writer, value.Status)
	FfiConverterStatusINSTANCE.Write(writer, value.PreviousStatus)
	FfiConverterFloat64INSTANCE.Write(writer, value.ProgressPercent)
	FfiConverterUint64INSTANCE.Write(writer, value.BytesTransferred)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.TotalBytes)
	FfiConverterStringINSTANCE.Write(writer, value.ChangeId)
	FfiConverterStringINSTANCE.Write(writer, value.PreviousChangeId)
	FfiConverterTypeDiskChangeIdsINSTANCE.Write(writer, value.PreviousChangeIds)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.NewChangeId)
	FfiConverterTypeDiskChangeIdsINSTANCE.Write(writer, value.NewChangeIds)
	FfiConverterTypeDiskProgressByDiskINSTANCE.Write(writer, value.DiskProgress)
	FfiConverterStringINSTANCE.Write(writer, value.SnapshotId)
	FfiConverterStringINSTANCE.Write(writer, value.ScheduleExecutionId)
	FfiConverterStringINSTANCE.Write(writer, value.VmGroupId)
	FfiConverterStringINSTANCE.Write(writer, value.ScheduledBy)
	FfiConverterUint32INSTANCE.Write(writer, value.CreatedVolumes)
	FfiConverterUint32INSTANCE.Write(writer, value.MountedVolumes)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.Error)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.StartedAt)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.UpdatedAt)
	FfiConverterOptionalTypeUtcTimeINSTANCE.Write(writer, value.FinishedAt)
}

type FfiDestroyerReplicationJob struct{}

func (_ FfiDestroyerReplicationJob) Destroy(value ReplicationJob) {
	value.Destroy()
}

// A replication schedule: a 5-field cron expression read in a time zone.
type Schedule struct {
	// Id (`schedule-<name>-<YYYYMMDD-HHMMSS>`).
	ScheduleId string
	// Unique name.
	Name string
	// `minute hour day-of-month month day-of-week`.
	CronExpression string
	// IANA time zone (`Europe/Berlin`); `UTC` by default.
	Timezone string
	// Disabled schedules never run.
	Enabled bool
	// Most jobs active at once in each group the schedule runs.
	MaxConcurrentJobs uint32
	// Created.
	CreatedAt UtcTime
}

func (r *Schedule) Destroy() {
	FfiDestroyerString{}.Destroy(r.ScheduleId)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerString{}.Destroy(r.CronExpression)
	FfiDestroyerString{}.Destroy(r.Timezone)
	FfiDestroyerBool{}.Destroy(r.Enabled)
	FfiDestroyerUint32{}.Destroy(r.MaxConcurrentJobs)
	FfiDestroyerTypeUtcTime{}.Destroy(r.CreatedAt)
}

type FfiConverterSchedule struct{}

var FfiConverterScheduleINSTANCE = FfiConverterSchedule{}

func (c FfiConverterSchedule) Lift(rb RustBufferI) Schedule {
	return LiftFromRustBuffer[Schedule](c, rb)
}

func (c FfiConverterSchedule) Read(reader io.Reader) Schedule {
	return Schedule{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterBoolINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterSchedule) Lower(value Schedule) C.RustBuffer {
	return LowerIntoRustBuffer[Schedule](c, value)
}

func (c FfiConverterSchedule) LowerExternal(value Schedule) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Schedule](c, value))
}

func (c FfiConverterSchedule) Write(writer io.Writer, value Schedule) {
	FfiConverterStringINSTANCE.Write(writer, value.ScheduleId)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterStringINSTANCE.Write(writer, value.CronExpression)
	FfiConverterStringINSTANCE.Write(writer, value.Timezone)
	FfiConverterBoolINSTANCE.Write(writer, value.Enabled)
	FfiConverterUint32INSTANCE.Write(writer, value.MaxConcurrentJobs)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.CreatedAt)
}

type FfiDestroyerSchedule struct{}

func (_ FfiDestroyerSchedule) Destroy(value Schedule) {
	value.Destroy()
}

// One run of a schedule for one group.
type ScheduleExecution struct {
	// Id (`exec-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`), stamped on every job it starts.
	ExecutionId string
	// The schedule.
	ScheduleId string
	// The group.
	GroupId string
	// The cron time this run is for.
	DueAt UtcTime
	// When it ran.
	StartedAt UtcTime
	// Jobs started.
	JobsStarted uint32
	// Members skipped because a job of theirs was already active.
	SkippedActive uint32
	// Members not started because `max_concurrent_jobs` was reached.
	SkippedLimit uint32
	// Members whose status allows no replication (a failover in place, …).
	SkippedIneligible uint32
	// Members whose start failed (their errors are in the job log).
	Failed uint32
	// The jobs it started.
	JobIds []string
}

func (r *ScheduleExecution) Destroy() {
	FfiDestroyerString{}.Destroy(r.ExecutionId)
	FfiDestroyerString{}.Destroy(r.ScheduleId)
	FfiDestroyerString{}.Destroy(r.GroupId)
	FfiDestroyerTypeUtcTime{}.Destroy(r.DueAt)
	FfiDestroyerTypeUtcTime{}.Destroy(r.StartedAt)
	FfiDestroyerUint32{}.Destroy(r.JobsStarted)
	FfiDestroyerUint32{}.Destroy(r.SkippedActive)
	FfiDestroyerUint32{}.Destroy(r.SkippedLimit)
	FfiDestroyerUint32{}.Destroy(r.SkippedIneligible)
	FfiDestroyerUint32{}.Destroy(r.Failed)
	FfiDestroyerSequenceString{}.Destroy(r.JobIds)
}

type FfiConverterScheduleExecution struct{}

var FfiConverterScheduleExecutionINSTANCE = FfiConverterScheduleExecution{}

func (c FfiConverterScheduleExecution) Lift(rb RustBufferI) ScheduleExecution {
	return LiftFromRustBuffer[ScheduleExecution](c, rb)
}

func (c FfiConverterScheduleExecution) Read(reader io.Reader) ScheduleExecution {
	return ScheduleExecution{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterSequenceStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterScheduleExecution) Lower(value ScheduleExecution) C.RustBuffer {
	return LowerIntoRustBuffer[ScheduleExecution](c, value)
}

func (c FfiConverterScheduleExecution) LowerExternal(value ScheduleExecution) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ScheduleExecution](c, value))
}

func (c FfiConverterScheduleExecution) Write(writer io.Writer, value ScheduleExecution) {
	FfiConverterStringINSTANCE.Write(writer, value.ExecutionId)
	FfiConverterStringINSTANCE.Write(writer, value.ScheduleId)
	FfiConverterStringINSTANCE.Write(writer, value.GroupId)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.DueAt)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.StartedAt)
	FfiConverterUint32INSTANCE.Write(writer, value.JobsStarted)
	FfiConverterUint32INSTANCE.Write(writer, value.SkippedActive)
	FfiConverterUint32INSTANCE.Write(writer, value.SkippedLimit)
	FfiConverterUint32INSTANCE.Write(writer, value.SkippedIneligible)
	FfiConverterUint32INSTANCE.Write(writer, value.Failed)
	FfiConverterSequenceStringINSTANCE.Write(writer, value.JobIds)
}

type FfiDestroyerScheduleExecution struct{}

func (_ FfiDestroyerScheduleExecution) Destroy(value ScheduleExecution) {
	value.Destroy()
}

// One disk of a source VM as vCenter reports it.
type SourceDisk struct {
	// vCenter's disk key (`disk-2000`).
	Id string
	// Human label (`Hard disk 1`).
	Label string
	// Provisioned size in GiB; at least 1.
	SizeGb uint64
	// Datastore holding the disk.
	Datastore string
	// SCSI unit number on its controller.
	UnitNumber uint32
}

func (r *SourceDisk) Destroy() {
	FfiDestroyerString{}.Destroy(r.Id)
	FfiDestroyerString{}.Destroy(r.Label)
	FfiDestroyerUint64{}.Destroy(r.SizeGb)
	FfiDestroyerString{}.Destroy(r.Datastore)
	FfiDestroyerUint32{}.Destroy(r.UnitNumber)
}

type FfiConverterSourceDisk struct{}

var FfiConverterSourceDiskINSTANCE = FfiConverterSourceDisk{}

func (c FfiConverterSourceDisk) Lift(rb RustBufferI) SourceDisk {
	return LiftFromRustBuffer[SourceDisk](c, rb)
}

func (c FfiConverterSourceDisk) Read(reader io.Reader) SourceDisk {
	return SourceDisk{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
	}
}

func (c FfiConverterSourceDisk) Lower(value SourceDisk) C.RustBuffer {
	return LowerIntoRustBuffer[SourceDisk](c, value)
}

func (c FfiConverterSourceDisk) LowerExternal(value SourceDisk) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[SourceDisk](c, value))
}

func (c FfiConverterSourceDisk) Write(writer io.Writer, value SourceDisk) {
	FfiConverterStringINSTANCE.Write(writer, value.Id)
	FfiConverterStringINSTANCE.Write(writer, value.Label)
	FfiConverterUint64INSTANCE.Write(writer, value.SizeGb)
	FfiConverterStringINSTANCE.Write(writer, value.Datastore)
	FfiConverterUint32INSTANCE.Write(writer, value.UnitNumber)
}

type FfiDestroyerSourceDisk struct{}

func (_ FfiDestroyerSourceDisk) Destroy(value SourceDisk) {
	value.Destroy()
}

// One network adapter of a source VM.
type SourceNetwork struct {
	// Port group / network label.
	Label string
	// MAC address of the adapter.
	MacAddress string
}

func (r *SourceNetwork) Destroy() {
	FfiDestroyerString{}.Destroy(r.Label)
	FfiDestroyerString{}.Destroy(r.MacAddress)
}

type FfiConverterSourceNetwork struct{}

var FfiConverterSourceNetworkINSTANCE = FfiConverterSourceNetwork{}

func (c FfiConverterSourceNetwork) Lift(rb RustBufferI) SourceNetwork {
	return LiftFromRustBuffer[SourceNetwork](c, rb)
}

func (c FfiConverterSourceNetwork) Read(reader io.Reader) SourceNetwork {
	return SourceNetwork{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterSourceNetwork) Lower(value SourceNetwork) C.RustBuffer {
	return LowerIntoRustBuffer[SourceNetwork](c, value)
}

func (c FfiConverterSourceNetwork) LowerExternal(value SourceNetwork) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[SourceNetwork](c, value))
}

func (c FfiConverterSourceNetwork) Write(writer io.Writer, value SourceNetwork) {
	FfiConverterStringINSTANCE.Write(writer, value.Label)
	FfiConverterStringINSTANCE.Write(writer, value.MacAddress)
}

type FfiDestroyerSourceNetwork struct{}

func (_ FfiDestroyerSourceNetwork) Destroy(value SourceNetwork) {
	value.Destroy()
}

// The VM as discovered in vCenter (`source_vm`).
type SourceVm struct {
	// vCenter managed-object id (`vm-123`): required, non-empty.
	Id string
	// VM name: required, non-empty.
	Name string
	// Inventory path (`/DC/vm/name`).
	Path string
	// Virtual CPUs.
	Cpus uint32
	// Memory in MiB.
	MemoryMb uint64
	// Guest OS family (`linux`, `windows`).
	OsType string
	// vCenter power state (`poweredOn`).
	PowerState string
	// Disks, in controller order.
	Disks []SourceDisk
	// Network adapters.
	Networks []SourceNetwork
}

func (r *SourceVm) Destroy() {
	FfiDestroyerString{}.Destroy(r.Id)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerString{}.Destroy(r.Path)
	FfiDestroyerUint32{}.Destroy(r.Cpus)
	FfiDestroyerUint64{}.Destroy(r.MemoryMb)
	FfiDestroyerString{}.Destroy(r.OsType)
	FfiDestroyerString{}.Destroy(r.PowerState)
	FfiDestroyerSequenceSourceDisk{}.Destroy(r.Disks)
	FfiDestroyerSequenceSourceNetwork{}.Destroy(r.Networks)
}

type FfiConverterSourceVm struct{}

var FfiConverterSourceVmINSTANCE = FfiConverterSourceVm{}

func (c FfiConverterSourceVm) Lift(rb RustBufferI) SourceVm {
	return LiftFromRustBuffer[SourceVm](c, rb)
}

func (c FfiConverterSourceVm) Read(reader io.Reader) SourceVm {
	return SourceVm{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterSequenceSourceDiskINSTANCE.Read(reader),
		FfiConverterSequenceSourceNetworkINSTANCE.Read(reader),
	}
}

func (c FfiConverterSourceVm) Lower(value SourceVm) C.RustBuffer {
	return LowerIntoRustBuffer[SourceVm](c, value)
}

func (c FfiConverterSourceVm) LowerExternal(value SourceVm) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[SourceVm](c, value))
}

func (c FfiConverterSourceVm) Write(writer io.Writer, value SourceVm) {
	FfiConverterStringINSTANCE.Write(writer, value.Id)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterStringINSTANCE.Write(writer, value.Path)
	FfiConverterUint32INSTANCE.Write(writer, value.Cpus)
	FfiConverterUint64INSTANCE.Write(writer, value.MemoryMb)
	FfiConverterStringINSTANCE.Write(writer, value.OsType)
	FfiConverterStringINSTANCE.Write(writer, value.PowerState)
	FfiConverterSequenceSourceDiskINSTANCE.Write(writer, value.Disks)
	FfiConverterSequenceSourceNetworkINSTANCE.Write(writer, value.Networks)
}

type FfiDestroyerSourceVm struct{}

func (_ FfiDestroyerSourceVm) Destroy(value SourceVm) {
	value.Destroy()
}

// A VM in the target cloud.
type TargetVm struct {
	// The cloud's id.
	VmId string
	// Its name.
	Name string
	// Power state.
	PowerState PowerState
}

func (r *TargetVm) Destroy() {
	FfiDestroyerString{}.Destroy(r.VmId)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerPowerState{}.Destroy(r.PowerState)
}

type FfiConverterTargetVm struct{}

var FfiConverterTargetVmINSTANCE = FfiConverterTargetVm{}

func (c FfiConverterTargetVm) Lift(rb RustBufferI) TargetVm {
	return LiftFromRustBuffer[TargetVm](c, rb)
}

func (c FfiConverterTargetVm) Read(reader io.Reader) TargetVm {
	return TargetVm{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterPowerStateINSTANCE.Read(reader),
	}
}

func (c FfiConverterTargetVm) Lower(value TargetVm) C.RustBuffer {
	return LowerIntoRustBuffer[TargetVm](c, value)
}

func (c FfiConverterTargetVm) LowerExternal(value TargetVm) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[TargetVm](c, value))
}

func (c FfiConverterTargetVm) Write(writer io.Writer, value TargetVm) {
	FfiConverterStringINSTANCE.Write(writer, value.VmId)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterPowerStateINSTANCE.Write(writer, value.PowerState)
}

type FfiDestroyerTargetVm struct{}

func (_ FfiDestroyerTargetVm) Destroy(value TargetVm) {
	value.Destroy()
}

// A point-in-time clone of one replica volume, made for a test VM: the
// replica never receives the test VM's writes.
type TestClone struct {
	// The source disk.
	DiskId string
	// The replica volume it was cloned from.
	SourceVolumeId string
	// The clone's volume id.
	VolumeId string
	// Its deterministic name (`mk-<context_id>-<disk_id>-test`).
	Name string
}

func (r *TestClone) Destroy() {
	FfiDestroyerString{}.Destroy(r.DiskId)
	FfiDestroyerString{}.Destroy(r.SourceVolumeId)
	FfiDestroyerString{}.Destroy(r.VolumeId)
	FfiDestroyerString{}.Destroy(r.Name)
}

type FfiConverterTestClone struct{}

var FfiConverterTestCloneINSTANCE = FfiConverterTestClone{}

func (c FfiConverterTestClone) Lift(rb RustBufferI) TestClone {
	return LiftFromRustBuffer[TestClone](c, rb)
}

func (c FfiConverterTestClone) Read(reader io.Reader) TestClone {
	return TestClone{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterTestClone) Lower(value TestClone) C.RustBuffer {
	return LowerIntoRustBuffer[TestClone](c, value)
}

func (c FfiConverterTestClone) LowerExternal(value TestClone) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[TestClone](c, value))
}

func (c FfiConverterTestClone) Write(writer io.Writer, value TestClone) {
	FfiConverterStringINSTANCE.Write(writer, value.DiskId)
	FfiConverterStringINSTANCE.Write(writer, value.SourceVolumeId)
	FfiConverterStringINSTANCE.Write(writer, value.VolumeId)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
}

type FfiDestroyerTestClone struct{}

func (_ FfiDestroyerTestClone) Destroy(value TestClone) {
	value.Destroy()
}

// Progress reported by the host for a running job.
type UpdateJobProgressRequest struct {
	// The job.
	JobId string
	// 0.0 ..= 100.0.
	ProgressPercent float64
	// Bytes copied so far.
	BytesTransferred uint64
	// Bytes to copy in all, when known.
	TotalBytes *uint64
	// Bytes per disk, for the disks the host knows them of (each must be a
	// disk of the job's VM); a disk not named keeps what it had.
	Disks DiskProgressByDisk
}

func (r *UpdateJobProgressRequest) Destroy() {
	FfiDestroyerString{}.Destroy(r.JobId)
	FfiDestroyerFloat64{}.Destroy(r.ProgressPercent)
	FfiDestroyerUint64{}.Destroy(r.BytesTransferred)
	FfiDestroyerOptionalUint64{}.Destroy(r.TotalBytes)
	FfiDestroyerTypeDiskProgressByDisk{}.Destroy(r.Disks)
}

type FfiConverterUpdateJobProgressRequest struct{}

var FfiConverterUpdateJobProgressRequestINSTANCE = FfiConverterUpdateJobProgressRequest{}

func (c FfiConverterUpdateJobProgressRequest) Lift(rb RustBufferI) UpdateJobProgressRequest {
	return LiftFromRustBuffer[UpdateJobProgressRequest](c, rb)
}

func (c FfiConverterUpdateJobProgressRequest) Read(reader io.Reader) UpdateJobProgressRequest {
	return UpdateJobProgressRequest{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterFloat64INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalUint64INSTANCE.Read(reader),
		FfiConverterTypeDiskProgressByDiskINSTANCE.Read(reader),
	}
}

func (c FfiConverterUpdateJobProgressRequest) Lower(value UpdateJobProgressRequest) C.RustBuffer {
	return LowerIntoRustBuffer[UpdateJobProgressRequest](c, value)
}

func (c FfiConverterUpdateJobProgressRequest) LowerExternal(value UpdateJobProgressRequest) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[UpdateJobProgressRequest](c, value))
}

func (c FfiConverterUpdateJobProgressRequest) Write(writer io.Writer, value UpdateJobProgressRequest) {
	FfiConverterStringINSTANCE.Write(writer, value.JobId)
	FfiConverterFloat64INSTANCE.Write(writer, value.ProgressPercent)
	FfiConverterUint64INSTANCE.Write(writer, value.BytesTransferred)
	FfiConverterOptionalUint64INSTANCE.Write(writer, value.TotalBytes)
	FfiConverterTypeDiskProgressByDiskINSTANCE.Write(writer, value.Disks)
}

type FfiDestroyerUpdateJobProgressRequest struct{}

func (_ FfiDestroyerUpdateJobProgressRequest) Destroy(value UpdateJobProgressRequest) {
	value.Destroy()
}

// A group of contexts (a context is in at most one group).
type VmGroup struct {
	// Id (`group-<name>-<YYYYMMDD-HHMMSS>`).
	GroupId string
	// Unique name.
	Name string
	// Free text.
	Description string
	// The schedule that replicates the group, if any.
	ScheduleId *string
	// Created.
	CreatedAt UtcTime
}

func (r *VmGroup) Destroy() {
	FfiDestroyerString{}.Destroy(r.GroupId)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerString{}.Destroy(r.Description)
	FfiDestroyerOptionalString{}.Destroy(r.ScheduleId)
	FfiDestroyerTypeUtcTime{}.Destroy(r.CreatedAt)
}

type FfiConverterVmGroup struct{}

var FfiConverterVmGroupINSTANCE = FfiConverterVmGroup{}

func (c FfiConverterVmGroup) Lift(rb RustBufferI) VmGroup {
	return LiftFromRustBuffer[VmGroup](c, rb)
}

func (c FfiConverterVmGroup) Read(reader io.Reader) VmGroup {
	return VmGroup{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterVmGroup) Lower(value VmGroup) C.RustBuffer {
	return LowerIntoRustBuffer[VmGroup](c, value)
}

func (c FfiConverterVmGroup) LowerExternal(value VmGroup) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[VmGroup](c, value))
}

func (c FfiConverterVmGroup) Write(writer io.Writer, value VmGroup) {
	FfiConverterStringINSTANCE.Write(writer, value.GroupId)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterStringINSTANCE.Write(writer, value.Description)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.ScheduleId)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.CreatedAt)
}

type FfiDestroyerVmGroup struct{}

func (_ FfiDestroyerVmGroup) Destroy(value VmGroup) {
	value.Destroy()
}

// The identity of a VM: moref ids repeat across vCenters.
type VmIdentity struct {
	// vCenter host (may be empty).
	VcenterHost string
	// vCenter's id of the VM.
	VmwareVmId string
}

func (r *VmIdentity) Destroy() {
	FfiDestroyerString{}.Destroy(r.VcenterHost)
	FfiDestroyerString{}.Destroy(r.VmwareVmId)
}

type FfiConverterVmIdentity struct{}

var FfiConverterVmIdentityINSTANCE = FfiConverterVmIdentity{}

func (c FfiConverterVmIdentity) Lift(rb RustBufferI) VmIdentity {
	return LiftFromRustBuffer[VmIdentity](c, rb)
}

func (c FfiConverterVmIdentity) Read(reader io.Reader) VmIdentity {
	return VmIdentity{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterVmIdentity) Lower(value VmIdentity) C.RustBuffer {
	return LowerIntoRustBuffer[VmIdentity](c, value)
}

func (c FfiConverterVmIdentity) LowerExternal(value VmIdentity) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[VmIdentity](c, value))
}

func (c FfiConverterVmIdentity) Write(writer io.Writer, value VmIdentity) {
	FfiConverterStringINSTANCE.Write(writer, value.VcenterHost)
	FfiConverterStringINSTANCE.Write(writer, value.VmwareVmId)
}

type FfiDestroyerVmIdentity struct{}

func (_ FfiDestroyerVmIdentity) Destroy(value VmIdentity) {
	value.Destroy()
}

// What to create.
type VmSpec struct {
	// Name; deterministic per context and purpose, so a re-run finds it.
	Name string
	// Virtual CPUs.
	Cpus uint32
	// Memory in MiB.
	MemoryMb uint64
	// Network to join.
	Network string
	// Guest OS family.
	OsType string
}

func (r *VmSpec) Destroy() {
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerUint32{}.Destroy(r.Cpus)
	FfiDestroyerUint64{}.Destroy(r.MemoryMb)
	FfiDestroyerString{}.Destroy(r.Network)
	FfiDestroyerString{}.Destroy(r.OsType)
}

type FfiConverterVmSpec struct{}

var FfiConverterVmSpecINSTANCE = FfiConverterVmSpec{}

func (c FfiConverterVmSpec) Lift(rb RustBufferI) VmSpec {
	return LiftFromRustBuffer[VmSpec](c, rb)
}

func (c FfiConverterVmSpec) Read(reader io.Reader) VmSpec {
	return VmSpec{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint32INSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterVmSpec) Lower(value VmSpec) C.RustBuffer {
	return LowerIntoRustBuffer[VmSpec](c, value)
}

func (c FfiConverterVmSpec) LowerExternal(value VmSpec) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[VmSpec](c, value))
}

func (c FfiConverterVmSpec) Write(writer io.Writer, value VmSpec) {
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterUint32INSTANCE.Write(writer, value.Cpus)
	FfiConverterUint64INSTANCE.Write(writer, value.MemoryMb)
	FfiConverterStringINSTANCE.Write(writer, value.Network)
	FfiConverterStringINSTANCE.Write(writer, value.OsType)
}

type FfiDestroyerVmSpec struct{}

func (_ FfiDestroyerVmSpec) Destroy(value VmSpec) {
	value.Destroy()
}

// A block volume as the volume daemon reports it.
type Volume struct {
	// The daemon's id.
	VolumeId string
	// The name it was created with (migratekit names are deterministic, so a
	// step re-run after a crash finds the volume it created).
	Name string
	// Size in bytes.
	SizeBytes uint64
	// The instance it is attached to.
	AttachedTo *string
	// The device path on that instance.
	DevicePath *string
}

func (r *Volume) Destroy() {
	FfiDestroyerString{}.Destroy(r.VolumeId)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerUint64{}.Destroy(r.SizeBytes)
	FfiDestroyerOptionalString{}.Destroy(r.AttachedTo)
	FfiDestroyerOptionalString{}.Destroy(r.DevicePath)
}

type FfiConverterVolume struct{}

var FfiConverterVolumeINSTANCE = FfiConverterVolume{}

func (c FfiConverterVolume) Lift(rb RustBufferI) Volume {
	return LiftFromRustBuffer[Volume](c, rb)
}

func (c FfiConverterVolume) Read(reader io.Reader) Volume {
	return Volume{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
	}
}

func (c FfiConverterVolume) Lower(value Volume) C.RustBuffer {
	return LowerIntoRustBuffer[Volume](c, value)
}

func (c FfiConverterVolume) LowerExternal(value Volume) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Volume](c, value))
}

func (c FfiConverterVolume) Write(writer io.Writer, value Volume) {
	FfiConverterStringINSTANCE.Write(writer, value.VolumeId)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterUint64INSTANCE.Write(writer, value.SizeBytes)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.AttachedTo)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.DevicePath)
}

type FfiDestroyerVolume struct{}

func (_ FfiDestroyerVolume) Destroy(value Volume) {
	value.Destroy()
}

// A target volume recorded on a context (one per source disk).
type VolumeRecord struct {
	// The volume daemon's id.
	VolumeId string
	// The context it belongs to.
	ContextId string
	// The source disk it replicates.
	DiskId string
	// Its deterministic name (`mk-<context_id>-<disk_id>`).
	Name string
	// Size in bytes.
	SizeBytes uint64
	// Device path on the appliance, while attached there.
	DevicePath *string
	// Its NBD export name (`migration-vol-<volume_id>`).
	ExportName string
	// The replication job that created it.
	CreatedByJobId string
	// The replication job that last replicated into it: the job it belongs
	// to, whose deletion takes it along (DESIGN §4 `delete_job`).
	OwnerJobId string
	// When it was recorded.
	CreatedAt UtcTime
}

func (r *VolumeRecord) Destroy() {
	FfiDestroyerString{}.Destroy(r.VolumeId)
	FfiDestroyerString{}.Destroy(r.ContextId)
	FfiDestroyerString{}.Destroy(r.DiskId)
	FfiDestroyerString{}.Destroy(r.Name)
	FfiDestroyerUint64{}.Destroy(r.SizeBytes)
	FfiDestroyerOptionalString{}.Destroy(r.DevicePath)
	FfiDestroyerString{}.Destroy(r.ExportName)
	FfiDestroyerString{}.Destroy(r.CreatedByJobId)
	FfiDestroyerString{}.Destroy(r.OwnerJobId)
	FfiDestroyerTypeUtcTime{}.Destroy(r.CreatedAt)
}

type FfiConverterVolumeRecord struct{}

var FfiConverterVolumeRecordINSTANCE = FfiConverterVolumeRecord{}

func (c FfiConverterVolumeRecord) Lift(rb RustBufferI) VolumeRecord {
	return LiftFromRustBuffer[VolumeRecord](c, rb)
}

func (c FfiConverterVolumeRecord) Read(reader io.Reader) VolumeRecord {
	return VolumeRecord{
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterUint64INSTANCE.Read(reader),
		FfiConverterOptionalStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterStringINSTANCE.Read(reader),
		FfiConverterTypeUtcTimeINSTANCE.Read(reader),
	}
}

func (c FfiConverterVolumeRecord) Lower(value VolumeRecord) C.RustBuffer {
	return LowerIntoRustBuffer[VolumeRecord](c, value)
}

func (c FfiConverterVolumeRecord) LowerExternal(value VolumeRecord) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[VolumeRecord](c, value))
}

func (c FfiConverterVolumeRecord) Write(writer io.Writer, value VolumeRecord) {
	FfiConverterStringINSTANCE.Write(writer, value.VolumeId)
	FfiConverterStringINSTANCE.Write(writer, value.ContextId)
	FfiConverterStringINSTANCE.Write(writer, value.DiskId)
	FfiConverterStringINSTANCE.Write(writer, value.Name)
	FfiConverterUint64INSTANCE.Write(writer, value.SizeBytes)
	FfiConverterOptionalStringINSTANCE.Write(writer, value.DevicePath)
	FfiConverterStringINSTANCE.Write(writer, value.ExportName)
	FfiConverterStringINSTANCE.Write(writer, value.CreatedByJobId)
	FfiConverterStringINSTANCE.Write(writer, value.OwnerJobId)
	FfiConverterTypeUtcTimeINSTANCE.Write(writer, value.CreatedAt)
}

type FfiDestroyerVolumeRecord struct{}

func (_ FfiDestroyerVolumeRecord) Destroy(value VolumeRecord) {
	value.Destroy()
}

// The outcome for one VM of `add_to_management_bulk`.
type BulkItemResult interface {
	Destroy()
}

// A context was created.
type BulkItemResultAdded struct {
	Index      Usize
	ContextId  string
	VmwareVmId string
}

func (e BulkItemResultAdded) Destroy() {
	FfiDestroyerTypeUsize{}.Destroy(e.Index)
	FfiDestroyerString{}.Destroy(e.ContextId)
	FfiDestroyerString{}.Destroy(e.VmwareVmId)
}

// A context already existed.
type BulkItemResultAlreadyManaged struct {
	Index             Usize
	ExistingContextId string
	VmwareVmId        string
}

func (e BulkItemResultAlreadyManaged) Destroy() {
	FfiDestroyerTypeUsize{}.Destroy(e.Index)
	FfiDestroyerString{}.Destroy(e.ExistingContextId)
	FfiDestroyerString{}.Destroy(e.VmwareVmId)
}

// The VM was rejected; nothing was written for it.
type BulkItemResultInvalid struct {
	Index Usize
	Error ErrorBody
}

func (e BulkItemResultInvalid) Destroy() {
	FfiDestroyerTypeUsize{}.Destroy(e.Index)
	FfiDestroyerErrorBody{}.Destroy(e.Error)
}

// The store failed while writing the VM's batch (a full disk, a lost
// database): nothing was written for it; running the same bulk add
// again completes it.
type BulkItemResultFailed struct {
	Index      Usize
	VmwareVmId string
	Error      ErrorBody
}

func (e BulkItemResultFailed) Destroy() {
	FfiDestroyerTypeUsize{}.Destroy(e.Index)
	FfiDestroyerString{}.Destroy(e.VmwareVmId)
	FfiDestroyerErrorBody{}.Destroy(e.Error)
}

type FfiConverterBulkItemResult struct{}

var FfiConverterBulkItemResultINSTANCE = FfiConverterBulkItemResult{}

func (c FfiConverterBulkItemResult) Lift(rb RustBufferI) BulkItemResult {
	return LiftFromRustBuffer[BulkItemResult](c, rb)
}

func (c FfiConverterBulkItemResult) Lower(value BulkItemResult) C.RustBuffer {
	return LowerIntoRustBuffer[BulkItemResult](c, value)
}

func (c FfiConverterBulkItemResult) LowerExternal(value BulkItemResult) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[BulkItemResult](c, value))
}
func (FfiConverterBulkItemResult) Read(reader io.Reader) BulkItemResult {
	id := readInt32(reader)
	switch id {
	case 1:
		return BulkItemResultAdded{
			FfiConverterTypeUsizeINSTANCE.Read(reader),
			FfiConverterStringINSTANCE.Read(reader),
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 2:
		return BulkItemResultAlreadyManaged{
			FfiConverterTypeUsizeINSTANCE.Read(reader),
			FfiConverterStringINSTANCE.Read(reader),
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 3:
		return BulkItemResultInvalid{
			FfiConverterTypeUsizeINSTANCE.Read(reader),
			FfiConverterErrorBodyINSTANCE.Read(reader),
		}
	case 4:
		return BulkItemResultFailed{
			FfiConverterTypeUsizeINSTANCE.Read(reader),
			FfiConverterStringINSTANCE.Read(reader),
			FfiConverterErrorBodyINSTANCE.Read(reader),
		}
	default:
		panic(fmt.Sprintf("invalid enum value %v in FfiConverterBulkItemResult.Read()", id))
	}
}

func (FfiConverterBulkItemResult) Write(writer io.Writer, value BulkItemResult) {
	switch variant_value := value.(type) {
	case BulkItemResultAdded:
		writeInt32(writer, 1)
		FfiConverterTypeUsizeINSTANCE.Write(writer, variant_value.Index)
		FfiConverterStringINSTANCE.Write(writer, variant_value.ContextId)
		FfiConverterStringINSTANCE.Write(writer, variant_value.VmwareVmId)
	case BulkItemResultAlreadyManaged:
		writeInt32(writer, 2)
		FfiConverterTypeUsizeINSTANCE.Write(writer, variant_value.Index)
		FfiConverterStringINSTANCE.Write(writer, variant_value.ExistingContextId)
		FfiConverterStringINSTANCE.Write(writer, variant_value.VmwareVmId)
	case BulkItemResultInvalid:
		writeInt32(writer, 3)
		FfiConverterTypeUsizeINSTANCE.Write(writer, variant_value.Index)
		FfiConverterErrorBodyINSTANCE.Write(writer, variant_value.Error)
	case BulkItemResultFailed:
		writeInt32(writer, 4)
		FfiConverterTypeUsizeINSTANCE.Write(writer, variant_value.Index)
		FfiConverterStringINSTANCE.Write(writer, variant_value.VmwareVmId)
		FfiConverterErrorBodyINSTANCE.Write(writer, variant_value.Error)
	default:
		_ = variant_value
		panic(fmt.Sprintf("invalid enum value `%v` in FfiConverterBulkItemResult.Write", value))
	}
}

type FfiDestroyerBulkItemResult struct{}

func (_ FfiDestroyerBulkItemResult) Destroy(value BulkItemResult) {
	value.Destroy()
}

// How a caller names a context.
type ContextRef interface {
	Destroy()
}

// By `context_id`.
type ContextRefContextId struct {
	Field0 string
}

func (e ContextRefContextId) Destroy() {
	FfiDestroyerString{}.Destroy(e.Field0)
}

// By vCenter + `vmware_vm_id`.
type ContextRefVm struct {
	Field0 VmIdentity
}

func (e ContextRefVm) Destroy() {
	FfiDestroyerVmIdentity{}.Destroy(e.Field0)
}

// By `vmware_vm_id` alone; more than one match is `ambiguous`.
type ContextRefVmwareVmId struct {
	Field0 string
}

func (e ContextRefVmwareVmId) Destroy() {
	FfiDestroyerString{}.Destroy(e.Field0)
}

// By VM name; more than one match is `ambiguous`.
type ContextRefVmName struct {
	Field0 string
}

func (e ContextRefVmName) Destroy() {
	FfiDestroyerString{}.Destroy(e.Field0)
}

type FfiConverterContextRef struct{}

var FfiConverterContextRefINSTANCE = FfiConverterContextRef{}

func (c FfiConverterContextRef) Lift(rb RustBufferI) ContextRef {
	return LiftFromRustBuffer[ContextRef](c, rb)
}

func (c FfiConverterContextRef) Lower(value ContextRef) C.RustBuffer {
	return LowerIntoRustBuffer[ContextRef](c, value)
}

func (c FfiConverterContextRef) LowerExternal(value ContextRef) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ContextRef](c, value))
}
func (FfiConverterContextRef) Read(reader io.Reader) ContextRef {
	id := readInt32(reader)
	switch id {
	case 1:
		return ContextRefContextId{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 2:
		return ContextRefVm{
			FfiConverterVmIdentityINSTANCE.Read(reader),
		}
	case 3:
		return ContextRefVmwareVmId{
			FfiConverterStringINSTANCE.Read(reader),
		}
	case 4:
		return ContextRefVmName{
			FfiConverterStringINSTANCE.Read(reader),
		}
	default:
		panic(fmt.Sprintf("invalid enum value %v in FfiConverterContextRef.Read()", id))
	}
}

func (FfiConverterContextRef) Write(writer io.Writer, value ContextRef) {
	switch variant_value := value.(type) {
	case ContextRefContextId:
		writeInt32(writer, 1)
		FfiConverterStringINSTANCE.Write(writer, variant_value.Field0)
	case ContextRefVm:
		writeInt32(writer, 2)
		FfiConverterVmIdentityINSTANCE.Write(writer, variant_value.Field0)
	case ContextRefVmwareVmId:
		writeInt32(writer, 3)
		FfiConverterStringINSTANCE.Write(writer, variant_value.Field0)
	case ContextRefVmName:
		writeInt32(writer, 4)
		FfiConverterStringINSTANCE.Write(writer, variant_value.Field0)
	default:
		_ = variant_value
		panic(fmt.Sprintf("invalid enum value `%v` in FfiConverterContextRef.Write", value))
	}
}

type FfiDestroyerContextRef struct{}

func (_ FfiDestroyerContextRef) Destroy(value ContextRef) {
	value.Destroy()
}

// Either response of `create_migration`.
type CreateMigrationResponse interface {
	Destroy()
}

// A job was started.
type CreateMigrationResponseJobStarted struct {
	Field0 JobStarted
}

func (e CreateMigrationResponseJobStarted) Destroy() {
	FfiDestroyerJobStarted{}.Destroy(e.Field0)
}

// Only a context was created.
type CreateMigrationResponseContextCreated struct {
	Field0 ContextCreated
}

func (e CreateMigrationResponseContextCreated) Destroy() {
	FfiDestroyerContextCreated{}.Destroy(e.Field0)
}

type FfiConverterCreateMigrationResponse struct{}

var FfiConverterCreateMigrationResponseINSTANCE = FfiConverterCreateMigrationResponse{}

func (c FfiConverterCreateMigrationResponse) Lift(rb RustBufferI) CreateMigrationResponse {
	return LiftFromRustBuffer[CreateMigrationResponse](c, rb)
}

func (c FfiConverterCreateMigrationResponse) Lower(value CreateMigrationResponse) C.RustBuffer {
	return LowerIntoRustBuffer[CreateMigrationResponse](c, value)
}

func (c FfiConverterCreateMigrationResponse) LowerExternal(value CreateMigrationResponse) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[CreateMigrationResponse](c, value))
}
func (FfiConverterCreateMigrationResponse) Read(reader io.Reader) CreateMigrationResponse {
	id := readInt32(reader)
	switch id {
	case 1:
		return CreateMigrationResponseJobStarted{
			FfiConverterJobStartedINSTANCE.Read(reader),
		}
	case 2:
		return CreateMigrationResponseContextCreated{
			FfiConverterContextCreatedINSTANCE.Read(reader),
		}
	default:
		panic(fmt.Sprintf("invalid enum value %v in FfiConverterCreateMigrationResponse.Read()", id))
	}
}

func (FfiConverterCreateMigrationResponse) Write(writer io.Writer, value CreateMigrationResponse) {
	switch variant_value := value.(type) {
	case CreateMigrationResponseJobStarted:
		writeInt32(writer, 1)
		FfiConverterJobStartedINSTANCE.Write(writer, variant_value.Field0)
	case CreateMigrationResponseContextCreated:
		writeInt32(writer, 2)
		FfiConverterContextCreatedINSTANCE.Write(writer, variant_value.Field0)
	default:
		_ = variant_value
		panic(fmt.Sprintf("invalid enum value `%v` in FfiConverterCreateMigrationResponse.Write", value))
	}
}

type FfiDestroyerCreateMigrationResponse struct{}

func (_ FfiDestroyerCreateMigrationResponse) Destroy(value CreateMigrationResponse) {
	value.Destroy()
}

// What a committed write survives (SQLite's `synchronous` on the WAL).
type Durability uint

const (
	// `synchronous=NORMAL` (the default): a committed write survives the
	// process being killed; a power loss or OS crash can lose the last
	// commits (never corrupts the file). No fsync on commit.
	DurabilityNormal Durability = 1
	// `synchronous=FULL`: a committed write also survives a power loss or
	// OS crash — one fsync of the WAL per commit (per group of writes
	// under group commit).
	DurabilityFull Durability = 2
)

type FfiConverterDurability struct{}

var FfiConverterDurabilityINSTANCE = FfiConverterDurability{}

func (c FfiConverterDurability) Lift(rb RustBufferI) Durability {
	return LiftFromRustBuffer[Durability](c, rb)
}

func (c FfiConverterDurability) Lower(value Durability) C.RustBuffer {
	return LowerIntoRustBuffer[Durability](c, value)
}

func (c FfiConverterDurability) LowerExternal(value Durability) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Durability](c, value))
}
func (FfiConverterDurability) Read(reader io.Reader) Durability {
	id := readInt32(reader)
	return Durability(id)
}

func (FfiConverterDurability) Write(writer io.Writer, value Durability) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerDurability struct{}

func (_ FfiDestroyerDurability) Destroy(value Durability) {
}

// Stable error codes. The strings are part of the contract: never renamed.
type ErrorCode uint

const (
	// Add to management for a VM that already has a context.
	ErrorCodeAlreadyManaged ErrorCode = 1
	// Start replication while a job is active.
	ErrorCodeReplicationActive ErrorCode = 2
	// The lifecycle table forbids the operation in the current status.
	ErrorCodeInvalidTransition ErrorCode = 3
	// The addressed context, job or log entry does not exist.
	ErrorCodeNotFound ErrorCode = 4
	// A name or id matched more than one context.
	ErrorCodeAmbiguous ErrorCode = 5
	// Bad input: missing, empty, too long, wrong type, unknown field.
	ErrorCodeValidation ErrorCode = 6
	// Another multi-step operation holds the context's lock.
	ErrorCodeOperationInProgress ErrorCode = 7
	// The store failed (I/O, corruption, lock timeout).
	ErrorCodeStorage ErrorCode = 8
	// The database was written by a newer migratekit.
	ErrorCodeIncompatibleSchema ErrorCode = 9
	// A port (volume daemon, NBD exporter, target cloud) failed.
	ErrorCodeAdapter ErrorCode = 10
	// A bug: an invariant did not hold. Reported, never panicked.
	ErrorCodeInternal ErrorCode = 11
)

type FfiConverterErrorCode struct{}

var FfiConverterErrorCodeINSTANCE = FfiConverterErrorCode{}

func (c FfiConverterErrorCode) Lift(rb RustBufferI) ErrorCode {
	return LiftFromRustBuffer[ErrorCode](c, rb)
}

func (c FfiConverterErrorCode) Lower(value ErrorCode) C.RustBuffer {
	return LowerIntoRustBuffer[ErrorCode](c, value)
}

func (c FfiConverterErrorCode) LowerExternal(value ErrorCode) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ErrorCode](c, value))
}
func (FfiConverterErrorCode) Read(reader io.Reader) ErrorCode {
	id := readInt32(reader)
	return ErrorCode(id)
}

func (FfiConverterErrorCode) Write(writer io.Writer, value ErrorCode) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerErrorCode struct{}

func (_ FfiDestroyerErrorCode) Destroy(value ErrorCode) {
}

// Test or live.
type FailoverKind uint

const (
	// A test VM on the replicated volumes; cleaned up afterwards.
	FailoverKindTest FailoverKind = 1
	// The production VM: the cut-over.
	FailoverKindLive FailoverKind = 2
)

type FfiConverterFailoverKind struct{}

var FfiConverterFailoverKindINSTANCE = FfiConverterFailoverKind{}

func (c FfiConverterFailoverKind) Lift(rb RustBufferI) FailoverKind {
	return LiftFromRustBuffer[FailoverKind](c, rb)
}

func (c FfiConverterFailoverKind) Lower(value FailoverKind) C.RustBuffer {
	return LowerIntoRustBuffer[FailoverKind](c, value)
}

func (c FfiConverterFailoverKind) LowerExternal(value FailoverKind) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[FailoverKind](c, value))
}
func (FfiConverterFailoverKind) Read(reader io.Reader) FailoverKind {
	id := readInt32(reader)
	return FailoverKind(id)
}

func (FfiConverterFailoverKind) Write(writer io.Writer, value FailoverKind) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerFailoverKind struct{}

func (_ FfiDestroyerFailoverKind) Destroy(value FailoverKind) {
}

// Where a failover job stands.
type FailoverStatus uint

const (
	// Its steps are running (or were interrupted and will resume).
	FailoverStatusInProgress FailoverStatus = 1
	// The VM runs on the volumes.
	FailoverStatusActive FailoverStatus = 2
	// A test failover was cleaned up.
	FailoverStatusCleaned FailoverStatus = 3
	// A live failover was rolled back.
	FailoverStatusRolledBack FailoverStatus = 4
	// A live failover was finalised.
	FailoverStatusCompleted FailoverStatus = 5
	// A failover that failed part-way was abandoned and undone.
	FailoverStatusAborted FailoverStatus = 6
)

type FfiConverterFailoverStatus struct{}

var FfiConverterFailoverStatusINSTANCE = FfiConverterFailoverStatus{}

func (c FfiConverterFailoverStatus) Lift(rb RustBufferI) FailoverStatus {
	return LiftFromRustBuffer[FailoverStatus](c, rb)
}

func (c FfiConverterFailoverStatus) Lower(value FailoverStatus) C.RustBuffer {
	return LowerIntoRustBuffer[FailoverStatus](c, value)
}

func (c FfiConverterFailoverStatus) LowerExternal(value FailoverStatus) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[FailoverStatus](c, value))
}
func (FfiConverterFailoverStatus) Read(reader io.Reader) FailoverStatus {
	id := readInt32(reader)
	return FailoverStatus(id)
}

func (FfiConverterFailoverStatus) Write(writer io.Writer, value FailoverStatus) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerFailoverStatus struct{}

func (_ FfiDestroyerFailoverStatus) Destroy(value FailoverStatus) {
}

// Status of a replication job.
type JobStatus uint

const (
	// Created; the host has not reported progress yet.
	JobStatusPending JobStatus = 1
	// The host reported progress.
	JobStatusRunning JobStatus = 2
	// The host reported success.
	JobStatusCompleted JobStatus = 3
	// The host reported failure.
	JobStatusFailed JobStatus = 4
	// Cancelled before it finished.
	JobStatusCancelled JobStatus = 5
)

type FfiConverterJobStatus struct{}

var FfiConverterJobStatusINSTANCE = FfiConverterJobStatus{}

func (c FfiConverterJobStatus) Lift(rb RustBufferI) JobStatus {
	return LiftFromRustBuffer[JobStatus](c, rb)
}

func (c FfiConverterJobStatus) Lower(value JobStatus) C.RustBuffer {
	return LowerIntoRustBuffer[JobStatus](c, value)
}

func (c FfiConverterJobStatus) LowerExternal(value JobStatus) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[JobStatus](c, value))
}
func (FfiConverterJobStatus) Read(reader io.Reader) JobStatus {
	id := readInt32(reader)
	return JobStatus(id)
}

func (FfiConverterJobStatus) Write(writer io.Writer, value JobStatus) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerJobStatus struct{}

func (_ FfiDestroyerJobStatus) Destroy(value JobStatus) {
}

// Status of a log job or a step.
type LogStatus uint

const (
	// Started, not finished.
	LogStatusRunning LogStatus = 1
	// Finished successfully.
	LogStatusCompleted LogStatus = 2
	// Finished with an error.
	LogStatusFailed LogStatus = 3
	// Not run: its effect was already in place.
	LogStatusSkipped LogStatus = 4
)

type FfiConverterLogStatus struct{}

var FfiConverterLogStatusINSTANCE = FfiConverterLogStatus{}

func (c FfiConverterLogStatus) Lift(rb RustBufferI) LogStatus {
	return LiftFromRustBuffer[LogStatus](c, rb)
}

func (c FfiConverterLogStatus) Lower(value LogStatus) C.RustBuffer {
	return LowerIntoRustBuffer[LogStatus](c, value)
}

func (c FfiConverterLogStatus) LowerExternal(value LogStatus) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[LogStatus](c, value))
}
func (FfiConverterLogStatus) Read(reader io.Reader) LogStatus {
	id := readInt32(reader)
	return LogStatus(id)
}

func (FfiConverterLogStatus) Write(writer io.Writer, value LogStatus) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerLogStatus struct{}

func (_ FfiDestroyerLogStatus) Destroy(value LogStatus) {
}

// Every operation that reads or changes a context's status.
type Operation uint

const (
	// `create_migration` with `start_replication: false`.
	OperationAddToManagement Operation = 1
	// `create_migration` that starts a job.
	OperationStartReplication Operation = 2
	// The host reports the job done.
	OperationCompleteJob Operation = 3
	// The host reports the job failed.
	OperationFailJob Operation = 4
	// The job is cancelled.
	OperationCancelJob Operation = 5
	// Boot a test VM on the replicated volumes.
	OperationTestFailover Operation = 6
	// Remove the test VM and give the volumes back to replication.
	OperationCleanupTestFailover Operation = 7
	// Cut over to the target cloud.
	OperationLiveFailover Operation = 8
	// Undo a live failover.
	OperationRollbackLiveFailover Operation = 9
	// Finalise a live failover.
	OperationCompleteMigration Operation = 10
	// Delete the context and everything it owns.
	OperationRemoveFromManagement Operation = 11
	// Delete a finished job with the volumes it created.
	OperationDeleteJob Operation = 12
)

type FfiConverterOperation struct{}

var FfiConverterOperationINSTANCE = FfiConverterOperation{}

func (c FfiConverterOperation) Lift(rb RustBufferI) Operation {
	return LiftFromRustBuffer[Operation](c, rb)
}

func (c FfiConverterOperation) Lower(value Operation) C.RustBuffer {
	return LowerIntoRustBuffer[Operation](c, value)
}

func (c FfiConverterOperation) LowerExternal(value Operation) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Operation](c, value))
}
func (FfiConverterOperation) Read(reader io.Reader) Operation {
	id := readInt32(reader)
	return Operation(id)
}

func (FfiConverterOperation) Write(writer io.Writer, value Operation) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerOperation struct{}

func (_ FfiDestroyerOperation) Destroy(value Operation) {
}

// Power state of a target VM.
type PowerState uint

const (
	// Running.
	PowerStateOn PowerState = 1
	// Stopped.
	PowerStateOff PowerState = 2
)

type FfiConverterPowerState struct{}

var FfiConverterPowerStateINSTANCE = FfiConverterPowerState{}

func (c FfiConverterPowerState) Lift(rb RustBufferI) PowerState {
	return LiftFromRustBuffer[PowerState](c, rb)
}

func (c FfiConverterPowerState) Lower(value PowerState) C.RustBuffer {
	return LowerIntoRustBuffer[PowerState](c, value)
}

func (c FfiConverterPowerState) LowerExternal(value PowerState) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[PowerState](c, value))
}
func (FfiConverterPowerState) Read(reader io.Reader) PowerState {
	id := readInt32(reader)
	return PowerState(id)
}

func (FfiConverterPowerState) Write(writer io.Writer, value PowerState) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerPowerState struct{}

func (_ FfiDestroyerPowerState) Destroy(value PowerState) {
}

// `initial` (full copy) or `incremental` (changed blocks since the last sync).
type ReplicationType uint

const (
	// A full copy of every disk.
	ReplicationTypeInitial ReplicationType = 1
	// Only the blocks changed since the last completed job.
	ReplicationTypeIncremental ReplicationType = 2
)

type FfiConverterReplicationType struct{}

var FfiConverterReplicationTypeINSTANCE = FfiConverterReplicationType{}

func (c FfiConverterReplicationType) Lift(rb RustBufferI) ReplicationType {
	return LiftFromRustBuffer[ReplicationType](c, rb)
}

func (c FfiConverterReplicationType) Lower(value ReplicationType) C.RustBuffer {
	return LowerIntoRustBuffer[ReplicationType](c, value)
}

func (c FfiConverterReplicationType) LowerExternal(value ReplicationType) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[ReplicationType](c, value))
}
func (FfiConverterReplicationType) Read(reader io.Reader) ReplicationType {
	id := readInt32(reader)
	return ReplicationType(id)
}

func (FfiConverterReplicationType) Write(writer io.Writer, value ReplicationType) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerReplicationType struct{}

func (_ FfiDestroyerReplicationType) Destroy(value ReplicationType) {
}

// `current_status` of a replication context (DESIGN §2).
type Status uint

const (
	// Under management, no replication has run yet.
	StatusDiscovered Status = 1
	// A replication job is active (pending or running).
	StatusReplicating Status = 2
	// The last replication succeeded; target volumes are consistent.
	StatusReadyForFailover Status = 3
	// The last replication failed; it can be retried.
	StatusFailed Status = 4
	// A test VM runs on the replicated volumes.
	StatusFailedOverTest Status = 5
	// Cut over: the VM runs in the target cloud.
	StatusFailedOverLive Status = 6
	// Migration finalised; the context is kept as history.
	StatusCompleted Status = 7
)

type FfiConverterStatus struct{}

var FfiConverterStatusINSTANCE = FfiConverterStatus{}

func (c FfiConverterStatus) Lift(rb RustBufferI) Status {
	return LiftFromRustBuffer[Status](c, rb)
}

func (c FfiConverterStatus) Lower(value Status) C.RustBuffer {
	return LowerIntoRustBuffer[Status](c, value)
}

func (c FfiConverterStatus) LowerExternal(value Status) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[Status](c, value))
}
func (FfiConverterStatus) Read(reader io.Reader) Status {
	id := readInt32(reader)
	return Status(id)
}

func (FfiConverterStatus) Write(writer io.Writer, value Status) {
	writeInt32(writer, int32(value))
}

type FfiDestroyerStatus struct{}

func (_ FfiDestroyerStatus) Destroy(value Status) {
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

type FfiConverterOptionalBool struct{}

var FfiConverterOptionalBoolINSTANCE = FfiConverterOptionalBool{}

func (c FfiConverterOptionalBool) Lift(rb RustBufferI) *bool {
	return LiftFromRustBuffer[*bool](c, rb)
}

func (_ FfiConverterOptionalBool) Read(reader io.Reader) *bool {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterBoolINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalBool) Lower(value *bool) C.RustBuffer {
	return LowerIntoRustBuffer[*bool](c, value)
}

func (c FfiConverterOptionalBool) LowerExternal(value *bool) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*bool](c, value))
}

func (_ FfiConverterOptionalBool) Write(writer io.Writer, value *bool) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterBoolINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalBool struct{}

func (_ FfiDestroyerOptionalBool) Destroy(value *bool) {
	if value != nil {
		FfiDestroyerBool{}.Destroy(*value)
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

type FfiConverterOptionalJobStatus struct{}

var FfiConverterOptionalJobStatusINSTANCE = FfiConverterOptionalJobStatus{}

func (c FfiConverterOptionalJobStatus) Lift(rb RustBufferI) *JobStatus {
	return LiftFromRustBuffer[*JobStatus](c, rb)
}

func (_ FfiConverterOptionalJobStatus) Read(reader io.Reader) *JobStatus {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterJobStatusINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalJobStatus) Lower(value *JobStatus) C.RustBuffer {
	return LowerIntoRustBuffer[*JobStatus](c, value)
}

func (c FfiConverterOptionalJobStatus) LowerExternal(value *JobStatus) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*JobStatus](c, value))
}

func (_ FfiConverterOptionalJobStatus) Write(writer io.Writer, value *JobStatus) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterJobStatusINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalJobStatus struct{}

func (_ FfiDestroyerOptionalJobStatus) Destroy(value *JobStatus) {
	if value != nil {
		FfiDestroyerJobStatus{}.Destroy(*value)
	}
}

type FfiConverterOptionalLogStatus struct{}

var FfiConverterOptionalLogStatusINSTANCE = FfiConverterOptionalLogStatus{}

func (c FfiConverterOptionalLogStatus) Lift(rb RustBufferI) *LogStatus {
	return LiftFromRustBuffer[*LogStatus](c, rb)
}

func (_ FfiConverterOptionalLogStatus) Read(reader io.Reader) *LogStatus {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterLogStatusINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalLogStatus) Lower(value *LogStatus) C.RustBuffer {
	return LowerIntoRustBuffer[*LogStatus](c, value)
}

func (c FfiConverterOptionalLogStatus) LowerExternal(value *LogStatus) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*LogStatus](c, value))
}

func (_ FfiConverterOptionalLogStatus) Write(writer io.Writer, value *LogStatus) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterLogStatusINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalLogStatus struct{}

func (_ FfiDestroyerOptionalLogStatus) Destroy(value *LogStatus) {
	if value != nil {
		FfiDestroyerLogStatus{}.Destroy(*value)
	}
}

type FfiConverterOptionalOperation struct{}

var FfiConverterOptionalOperationINSTANCE = FfiConverterOptionalOperation{}

func (c FfiConverterOptionalOperation) Lift(rb RustBufferI) *Operation {
	return LiftFromRustBuffer[*Operation](c, rb)
}

func (_ FfiConverterOptionalOperation) Read(reader io.Reader) *Operation {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterOperationINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalOperation) Lower(value *Operation) C.RustBuffer {
	return LowerIntoRustBuffer[*Operation](c, value)
}

func (c FfiConverterOptionalOperation) LowerExternal(value *Operation) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*Operation](c, value))
}

func (_ FfiConverterOptionalOperation) Write(writer io.Writer, value *Operation) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterOperationINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalOperation struct{}

func (_ FfiDestroyerOptionalOperation) Destroy(value *Operation) {
	if value != nil {
		FfiDestroyerOperation{}.Destroy(*value)
	}
}

type FfiConverterOptionalReplicationType struct{}

var FfiConverterOptionalReplicationTypeINSTANCE = FfiConverterOptionalReplicationType{}

func (c FfiConverterOptionalReplicationType) Lift(rb RustBufferI) *ReplicationType {
	return LiftFromRustBuffer[*ReplicationType](c, rb)
}

func (_ FfiConverterOptionalReplicationType) Read(reader io.Reader) *ReplicationType {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterReplicationTypeINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalReplicationType) Lower(value *ReplicationType) C.RustBuffer {
	return LowerIntoRustBuffer[*ReplicationType](c, value)
}

func (c FfiConverterOptionalReplicationType) LowerExternal(value *ReplicationType) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*ReplicationType](c, value))
}

func (_ FfiConverterOptionalReplicationType) Write(writer io.Writer, value *ReplicationType) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterReplicationTypeINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalReplicationType struct{}

func (_ FfiDestroyerOptionalReplicationType) Destroy(value *ReplicationType) {
	if value != nil {
		FfiDestroyerReplicationType{}.Destroy(*value)
	}
}

type FfiConverterOptionalStatus struct{}

var FfiConverterOptionalStatusINSTANCE = FfiConverterOptionalStatus{}

func (c FfiConverterOptionalStatus) Lift(rb RustBufferI) *Status {
	return LiftFromRustBuffer[*Status](c, rb)
}

func (_ FfiConverterOptionalStatus) Read(reader io.Reader) *Status {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterStatusINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalStatus) Lower(value *Status) C.RustBuffer {
	return LowerIntoRustBuffer[*Status](c, value)
}

func (c FfiConverterOptionalStatus) LowerExternal(value *Status) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*Status](c, value))
}

func (_ FfiConverterOptionalStatus) Write(writer io.Writer, value *Status) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterStatusINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalStatus struct{}

func (_ FfiDestroyerOptionalStatus) Destroy(value *Status) {
	if value != nil {
		FfiDestroyerStatus{}.Destroy(*value)
	}
}

type FfiConverterOptionalTypeDiskChangeIds struct{}

var FfiConverterOptionalTypeDiskChangeIdsINSTANCE = FfiConverterOptionalTypeDiskChangeIds{}

func (c FfiConverterOptionalTypeDiskChangeIds) Lift(rb RustBufferI) *DiskChangeIds {
	return LiftFromRustBuffer[*DiskChangeIds](c, rb)
}

func (_ FfiConverterOptionalTypeDiskChangeIds) Read(reader io.Reader) *DiskChangeIds {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterTypeDiskChangeIdsINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalTypeDiskChangeIds) Lower(value *DiskChangeIds) C.RustBuffer {
	return LowerIntoRustBuffer[*DiskChangeIds](c, value)
}

func (c FfiConverterOptionalTypeDiskChangeIds) LowerExternal(value *DiskChangeIds) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*DiskChangeIds](c, value))
}

func (_ FfiConverterOptionalTypeDiskChangeIds) Write(writer io.Writer, value *DiskChangeIds) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterTypeDiskChangeIdsINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalTypeDiskChangeIds struct{}

func (_ FfiDestroyerOptionalTypeDiskChangeIds) Destroy(value *DiskChangeIds) {
	if value != nil {
		FfiDestroyerTypeDiskChangeIds{}.Destroy(*value)
	}
}

type FfiConverterOptionalTypeUtcTime struct{}

var FfiConverterOptionalTypeUtcTimeINSTANCE = FfiConverterOptionalTypeUtcTime{}

func (c FfiConverterOptionalTypeUtcTime) Lift(rb RustBufferI) *UtcTime {
	return LiftFromRustBuffer[*UtcTime](c, rb)
}

func (_ FfiConverterOptionalTypeUtcTime) Read(reader io.Reader) *UtcTime {
	if readInt8(reader) == 0 {
		return nil
	}
	temp := FfiConverterTypeUtcTimeINSTANCE.Read(reader)
	return &temp
}

func (c FfiConverterOptionalTypeUtcTime) Lower(value *UtcTime) C.RustBuffer {
	return LowerIntoRustBuffer[*UtcTime](c, value)
}

func (c FfiConverterOptionalTypeUtcTime) LowerExternal(value *UtcTime) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[*UtcTime](c, value))
}

func (_ FfiConverterOptionalTypeUtcTime) Write(writer io.Writer, value *UtcTime) {
	if value == nil {
		writeInt8(writer, 0)
	} else {
		writeInt8(writer, 1)
		FfiConverterTypeUtcTimeINSTANCE.Write(writer, *value)
	}
}

type FfiDestroyerOptionalTypeUtcTime struct{}

func (_ FfiDestroyerOptionalTypeUtcTime) Destroy(value *UtcTime) {
	if value != nil {
		FfiDestroyerTypeUtcTime{}.Destroy(*value)
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

type FfiConverterSequenceGroupMember struct{}

var FfiConverterSequenceGroupMemberINSTANCE = FfiConverterSequenceGroupMember{}

func (c FfiConverterSequenceGroupMember) Lift(rb RustBufferI) []GroupMember {
	return LiftFromRustBuffer[[]GroupMember](c, rb)
}

func (c FfiConverterSequenceGroupMember) Read(reader io.Reader) []GroupMember {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]GroupMember, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterGroupMemberINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceGroupMember) Lower(value []GroupMember) C.RustBuffer {
	return LowerIntoRustBuffer[[]GroupMember](c, value)
}

func (c FfiConverterSequenceGroupMember) LowerExternal(value []GroupMember) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]GroupMember](c, value))
}

func (c FfiConverterSequenceGroupMember) Write(writer io.Writer, value []GroupMember) {
	if len(value) > math.MaxInt32 {
		panic("[]GroupMember is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterGroupMemberINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceGroupMember struct{}

func (FfiDestroyerSequenceGroupMember) Destroy(sequence []GroupMember) {
	for _, value := range sequence {
		FfiDestroyerGroupMember{}.Destroy(value)
	}
}

type FfiConverterSequenceLogEvent struct{}

var FfiConverterSequenceLogEventINSTANCE = FfiConverterSequenceLogEvent{}

func (c FfiConverterSequenceLogEvent) Lift(rb RustBufferI) []LogEvent {
	return LiftFromRustBuffer[[]LogEvent](c, rb)
}

func (c FfiConverterSequenceLogEvent) Read(reader io.Reader) []LogEvent {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]LogEvent, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterLogEventINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceLogEvent) Lower(value []LogEvent) C.RustBuffer {
	return LowerIntoRustBuffer[[]LogEvent](c, value)
}

func (c FfiConverterSequenceLogEvent) LowerExternal(value []LogEvent) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]LogEvent](c, value))
}

func (c FfiConverterSequenceLogEvent) Write(writer io.Writer, value []LogEvent) {
	if len(value) > math.MaxInt32 {
		panic("[]LogEvent is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterLogEventINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceLogEvent struct{}

func (FfiDestroyerSequenceLogEvent) Destroy(sequence []LogEvent) {
	for _, value := range sequence {
		FfiDestroyerLogEvent{}.Destroy(value)
	}
}

type FfiConverterSequenceLogStep struct{}

var FfiConverterSequenceLogStepINSTANCE = FfiConverterSequenceLogStep{}

func (c FfiConverterSequenceLogStep) Lift(rb RustBufferI) []LogStep {
	return LiftFromRustBuffer[[]LogStep](c, rb)
}

func (c FfiConverterSequenceLogStep) Read(reader io.Reader) []LogStep {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]LogStep, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterLogStepINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceLogStep) Lower(value []LogStep) C.RustBuffer {
	return LowerIntoRustBuffer[[]LogStep](c, value)
}

func (c FfiConverterSequenceLogStep) LowerExternal(value []LogStep) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]LogStep](c, value))
}

func (c FfiConverterSequenceLogStep) Write(writer io.Writer, value []LogStep) {
	if len(value) > math.MaxInt32 {
		panic("[]LogStep is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterLogStepINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceLogStep struct{}

func (FfiDestroyerSequenceLogStep) Destroy(sequence []LogStep) {
	for _, value := range sequence {
		FfiDestroyerLogStep{}.Destroy(value)
	}
}

type FfiConverterSequenceSourceDisk struct{}

var FfiConverterSequenceSourceDiskINSTANCE = FfiConverterSequenceSourceDisk{}

func (c FfiConverterSequenceSourceDisk) Lift(rb RustBufferI) []SourceDisk {
	return LiftFromRustBuffer[[]SourceDisk](c, rb)
}

func (c FfiConverterSequenceSourceDisk) Read(reader io.Reader) []SourceDisk {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]SourceDisk, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterSourceDiskINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceSourceDisk) Lower(value []SourceDisk) C.RustBuffer {
	return LowerIntoRustBuffer[[]SourceDisk](c, value)
}

func (c FfiConverterSequenceSourceDisk) LowerExternal(value []SourceDisk) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]SourceDisk](c, value))
}

func (c FfiConverterSequenceSourceDisk) Write(writer io.Writer, value []SourceDisk) {
	if len(value) > math.MaxInt32 {
		panic("[]SourceDisk is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterSourceDiskINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceSourceDisk struct{}

func (FfiDestroyerSequenceSourceDisk) Destroy(sequence []SourceDisk) {
	for _, value := range sequence {
		FfiDestroyerSourceDisk{}.Destroy(value)
	}
}

type FfiConverterSequenceSourceNetwork struct{}

var FfiConverterSequenceSourceNetworkINSTANCE = FfiConverterSequenceSourceNetwork{}

func (c FfiConverterSequenceSourceNetwork) Lift(rb RustBufferI) []SourceNetwork {
	return LiftFromRustBuffer[[]SourceNetwork](c, rb)
}

func (c FfiConverterSequenceSourceNetwork) Read(reader io.Reader) []SourceNetwork {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]SourceNetwork, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterSourceNetworkINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceSourceNetwork) Lower(value []SourceNetwork) C.RustBuffer {
	return LowerIntoRustBuffer[[]SourceNetwork](c, value)
}

func (c FfiConverterSequenceSourceNetwork) LowerExternal(value []SourceNetwork) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]SourceNetwork](c, value))
}

func (c FfiConverterSequenceSourceNetwork) Write(writer io.Writer, value []SourceNetwork) {
	if len(value) > math.MaxInt32 {
		panic("[]SourceNetwork is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterSourceNetworkINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceSourceNetwork struct{}

func (FfiDestroyerSequenceSourceNetwork) Destroy(sequence []SourceNetwork) {
	for _, value := range sequence {
		FfiDestroyerSourceNetwork{}.Destroy(value)
	}
}

type FfiConverterSequenceTestClone struct{}

var FfiConverterSequenceTestCloneINSTANCE = FfiConverterSequenceTestClone{}

func (c FfiConverterSequenceTestClone) Lift(rb RustBufferI) []TestClone {
	return LiftFromRustBuffer[[]TestClone](c, rb)
}

func (c FfiConverterSequenceTestClone) Read(reader io.Reader) []TestClone {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]TestClone, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterTestCloneINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceTestClone) Lower(value []TestClone) C.RustBuffer {
	return LowerIntoRustBuffer[[]TestClone](c, value)
}

func (c FfiConverterSequenceTestClone) LowerExternal(value []TestClone) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]TestClone](c, value))
}

func (c FfiConverterSequenceTestClone) Write(writer io.Writer, value []TestClone) {
	if len(value) > math.MaxInt32 {
		panic("[]TestClone is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterTestCloneINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceTestClone struct{}

func (FfiDestroyerSequenceTestClone) Destroy(sequence []TestClone) {
	for _, value := range sequence {
		FfiDestroyerTestClone{}.Destroy(value)
	}
}

type FfiConverterSequenceBulkItemResult struct{}

var FfiConverterSequenceBulkItemResultINSTANCE = FfiConverterSequenceBulkItemResult{}

func (c FfiConverterSequenceBulkItemResult) Lift(rb RustBufferI) []BulkItemResult {
	return LiftFromRustBuffer[[]BulkItemResult](c, rb)
}

func (c FfiConverterSequenceBulkItemResult) Read(reader io.Reader) []BulkItemResult {
	length := readInt32(reader)
	if length == 0 {
		return nil
	}
	result := make([]BulkItemResult, 0, length)
	for i := int32(0); i < length; i++ {
		result = append(result, FfiConverterBulkItemResultINSTANCE.Read(reader))
	}
	return result
}

func (c FfiConverterSequenceBulkItemResult) Lower(value []BulkItemResult) C.RustBuffer {
	return LowerIntoRustBuffer[[]BulkItemResult](c, value)
}

func (c FfiConverterSequenceBulkItemResult) LowerExternal(value []BulkItemResult) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[[]BulkItemResult](c, value))
}

func (c FfiConverterSequenceBulkItemResult) Write(writer io.Writer, value []BulkItemResult) {
	if len(value) > math.MaxInt32 {
		panic("[]BulkItemResult is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(value)))
	for _, item := range value {
		FfiConverterBulkItemResultINSTANCE.Write(writer, item)
	}
}

type FfiDestroyerSequenceBulkItemResult struct{}

func (FfiDestroyerSequenceBulkItemResult) Destroy(sequence []BulkItemResult) {
	for _, value := range sequence {
		FfiDestroyerBulkItemResult{}.Destroy(value)
	}
}

type FfiConverterMapStringString struct{}

var FfiConverterMapStringStringINSTANCE = FfiConverterMapStringString{}

func (c FfiConverterMapStringString) Lift(rb RustBufferI) map[string]string {
	return LiftFromRustBuffer[map[string]string](c, rb)
}

func (_ FfiConverterMapStringString) Read(reader io.Reader) map[string]string {
	result := make(map[string]string)
	length := readInt32(reader)
	for i := int32(0); i < length; i++ {
		key := FfiConverterStringINSTANCE.Read(reader)
		value := FfiConverterStringINSTANCE.Read(reader)
		result[key] = value
	}
	return result
}

func (c FfiConverterMapStringString) Lower(value map[string]string) C.RustBuffer {
	return LowerIntoRustBuffer[map[string]string](c, value)
}

func (c FfiConverterMapStringString) LowerExternal(value map[string]string) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[map[string]string](c, value))
}

func (_ FfiConverterMapStringString) Write(writer io.Writer, mapValue map[string]string) {
	if len(mapValue) > math.MaxInt32 {
		panic("map[string]string is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(mapValue)))
	for key, value := range mapValue {
		FfiConverterStringINSTANCE.Write(writer, key)
		FfiConverterStringINSTANCE.Write(writer, value)
	}
}

type FfiDestroyerMapStringString struct{}

func (_ FfiDestroyerMapStringString) Destroy(mapValue map[string]string) {
	for key, value := range mapValue {
		FfiDestroyerString{}.Destroy(key)
		FfiDestroyerString{}.Destroy(value)
	}
}

type FfiConverterMapStringDiskProgress struct{}

var FfiConverterMapStringDiskProgressINSTANCE = FfiConverterMapStringDiskProgress{}

func (c FfiConverterMapStringDiskProgress) Lift(rb RustBufferI) map[string]DiskProgress {
	return LiftFromRustBuffer[map[string]DiskProgress](c, rb)
}

func (_ FfiConverterMapStringDiskProgress) Read(reader io.Reader) map[string]DiskProgress {
	result := make(map[string]DiskProgress)
	length := readInt32(reader)
	for i := int32(0); i < length; i++ {
		key := FfiConverterStringINSTANCE.Read(reader)
		value := FfiConverterDiskProgressINSTANCE.Read(reader)
		result[key] = value
	}
	return result
}

func (c FfiConverterMapStringDiskProgress) Lower(value map[string]DiskProgress) C.RustBuffer {
	return LowerIntoRustBuffer[map[string]DiskProgress](c, value)
}

func (c FfiConverterMapStringDiskProgress) LowerExternal(value map[string]DiskProgress) ExternalCRustBuffer {
	return RustBufferFromC(LowerIntoRustBuffer[map[string]DiskProgress](c, value))
}

func (_ FfiConverterMapStringDiskProgress) Write(writer io.Writer, mapValue map[string]DiskProgress) {
	if len(mapValue) > math.MaxInt32 {
		panic("map[string]DiskProgress is too large to fit into Int32")
	}

	writeInt32(writer, int32(len(mapValue)))
	for key, value := range mapValue {
		FfiConverterStringINSTANCE.Write(writer, key)
		FfiConverterDiskProgressINSTANCE.Write(writer, value)
	}
}

type FfiDestroyerMapStringDiskProgress struct{}

func (_ FfiDestroyerMapStringDiskProgress) Destroy(mapValue map[string]DiskProgress) {
	for key, value := range mapValue {
		FfiDestroyerString{}.Destroy(key)
		FfiDestroyerDiskProgress{}.Destroy(value)
	}
}

/**
 * Typealias from the type name used in the UDL file to the builtin type.  This
 * is needed because the UDL type name is used in function/method signatures.
 * It's also what we have an external type that references a custom type.
 */
type DiskChangeIds = map[string]string
type FfiConverterTypeDiskChangeIds = FfiConverterMapStringString
type FfiDestroyerTypeDiskChangeIds = FfiDestroyerMapStringString

var FfiConverterTypeDiskChangeIdsINSTANCE = FfiConverterMapStringString{}

func LiftFromExternalTypeDiskChangeIds(value ExternalCRustBuffer) DiskChangeIds {
	return FfiConverterTypeDiskChangeIdsINSTANCE.Lift(RustBufferFromExternal(value))
}

func LowerToExternalTypeDiskChangeIds(value DiskChangeIds) ExternalCRustBuffer {
	return RustBufferFromC(FfiConverterTypeDiskChangeIdsINSTANCE.Lower(value))
}

/**
 * Typealias from the type name used in the UDL file to the builtin type.  This
 * is needed because the UDL type name is used in function/method signatures.
 * It's also what we have an external type that references a custom type.
 */
type DiskProgressByDisk = map[string]DiskProgress
type FfiConverterTypeDiskProgressByDisk = FfiConverterMapStringDiskProgress
type FfiDestroyerTypeDiskProgressByDisk = FfiDestroyerMapStringDiskProgress

var FfiConverterTypeDiskProgressByDiskINSTANCE = FfiConverterMapStringDiskProgress{}

func LiftFromExternalTypeDiskProgressByDisk(value ExternalCRustBuffer) DiskProgressByDisk {
	return FfiConverterTypeDiskProgressByDiskINSTANCE.Lift(RustBufferFromExternal(value))
}

func LowerToExternalTypeDiskProgressByDisk(value DiskProgressByDisk) ExternalCRustBuffer {
	return RustBufferFromC(FfiConverterTypeDiskProgressByDiskINSTANCE.Lower(value))
}

/**
 * Typealias from the type name used in the UDL file to the builtin type.  This
 * is needed because the UDL type name is used in function/method signatures.
 * It's also what we have an external type that references a custom type.
 */
type JsonObject = string
type FfiConverterTypeJsonObject = FfiConverterString
type FfiDestroyerTypeJsonObject = FfiDestroyerString

var FfiConverterTypeJsonObjectINSTANCE = FfiConverterString{}

func LiftFromExternalTypeJsonObject(value ExternalCRustBuffer) JsonObject {
	return FfiConverterTypeJsonObjectINSTANCE.Lift(RustBufferFromExternal(value))
}

func LowerToExternalTypeJsonObject(value JsonObject) ExternalCRustBuffer {
	return RustBufferFromC(FfiConverterTypeJsonObjectINSTANCE.Lower(value))
}

/**
 * Typealias from the type name used in the UDL file to the builtin type.  This
 * is needed because the UDL type name is used in function/method signatures.
 * It's also what we have an external type that references a custom type.
 */
type Usize = uint64
type FfiConverterTypeUsize = FfiConverterUint64
type FfiDestroyerTypeUsize = FfiDestroyerUint64

var FfiConverterTypeUsizeINSTANCE = FfiConverterUint64{}

func LiftFromExternalTypeUsize(value uint64) Usize {
	return FfiConverterTypeUsizeINSTANCE.Lift(C.uint64_t(value))
}

func LowerToExternalTypeUsize(value Usize) uint64 {
	return uint64(FfiConverterTypeUsizeINSTANCE.Lower(value))
}

/**
 * Typealias from the type name used in the UDL file to the builtin type.  This
 * is needed because the UDL type name is used in function/method signatures.
 * It's also what we have an external type that references a custom type.
 */
type UtcTime = time.Time
type FfiConverterTypeUtcTime = FfiConverterTimestamp
type FfiDestroyerTypeUtcTime = FfiDestroyerTimestamp

var FfiConverterTypeUtcTimeINSTANCE = FfiConverterTimestamp{}

func LiftFromExternalTypeUtcTime(value ExternalCRustBuffer) UtcTime {
	return FfiConverterTypeUtcTimeINSTANCE.Lift(RustBufferFromExternal(value))
}

func LowerToExternalTypeUtcTime(value UtcTime) ExternalCRustBuffer {
	return RustBufferFromC(FfiConverterTypeUtcTimeINSTANCE.Lower(value))
}
