package migratekit

import (
	"encoding/json"

	"github.com/migratekit/migratekit/bindings/go/internal/jsonx"
)

// The answers of the hot path (contexts, jobs, the two create answers and
// pages of them) are decoded by hand over jsonx.Reader instead of by
// encoding/json's reflection: a context is ~25 fields, and reflection was
// most of the binding's per-call overhead. The decoders read exactly what
// encoding/json reads into the same structs (decode_test.go checks it on
// the library's real answers, and fuzzes it). Other answers use
// encoding/json.

// fastDecoder is a type with a hand-written decoder.
type fastDecoder interface {
	decodeFrom(r *jsonx.Reader) error
}

// decodeInto decodes a whole answer into v.
func decodeInto(answer []byte, v any) error {
	if v == nil {
		return nil
	}
	if d, ok := v.(fastDecoder); ok {
		r := jsonx.NewReader(answer)
		if err := d.decodeFrom(r); err != nil {
			return err
		}
		return r.End()
	}
	return json.Unmarshal(answer, v)
}

// decodeValue decodes the value at r into v.
func decodeValue(r *jsonx.Reader, v any) error {
	if d, ok := v.(fastDecoder); ok {
		return d.decodeFrom(r)
	}
	raw, err := r.Skip()
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// decodeSlice reads an array of T (null: nil; []: empty, not nil).
func decodeSlice[T any](r *jsonx.Reader, out *[]T) error {
	if r.Null() {
		*out = nil
		return nil
	}
	items := []T{}
	err := r.Array(func() error {
		var item T
		if err := decodeValue(r, &item); err != nil {
			return err
		}
		items = append(items, item)
		return nil
	})
	*out = items
	return err
}

func (p *Page[T]) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		switch string(key) {
		case "items":
			err = decodeSlice(r, &p.Items)
		case "next_offset":
			if r.Null() {
				p.NextOffset = nil
				return nil
			}
			var v uint64
			v, err = r.Uint(64)
			p.NextOffset = &v
		case "next_cursor":
			p.NextCursor, err = r.String()
		default:
			_, err = r.Skip()
		}
		return err
	})
}

func (d *SourceDisk) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		switch string(key) {
		case "id":
			d.ID, err = r.String()
		case "label":
			d.Label, err = r.String()
		case "size_gb":
			d.SizeGB, err = r.Uint(64)
		case "datastore":
			d.Datastore, err = r.String()
		case "unit_number":
			var v uint64
			v, err = r.Uint(32)
			d.UnitNumber = uint32(v)
		default:
			_, err = r.Skip()
		}
		return err
	})
}

func (n *SourceNetwork) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		switch string(key) {
		case "label":
			n.Label, err = r.String()
		case "mac_address":
			n.MACAddress, err = r.String()
		default:
			_, err = r.Skip()
		}
		return err
	})
}

func (vm *SourceVM) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		switch string(key) {
		case "id":
			vm.ID, err = r.String()
		case "name":
			vm.Name, err = r.String()
		case "path":
			vm.Path, err = r.String()
		case "cpus":
			var v uint64
			v, err = r.Uint(32)
			vm.CPUs = uint32(v)
		case "memory_mb":
			vm.MemoryMB, err = r.Uint(64)
		case "os_type":
			vm.OSType, err = r.String()
		case "power_state":
			vm.PowerState, err = r.String()
		case "disks":
			err = decodeSlice(r, &vm.Disks)
		case "networks":
			err = decodeSlice(r, &vm.Networks)
		default:
			_, err = r.Skip()
		}
		return err
	})
}

func (c *ReplicationContext) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		var s string
		switch string(key) {
		case "context_id":
			c.ContextID, err = r.String()
		case "vm_name":
			c.VMName, err = r.String()
		case "vmware_vm_id":
			c.VMwareVMID, err = r.String()
		case "vcenter_host":
			c.VCenterHost, err = r.String()
		case "datacenter":
			c.Datacenter, err = r.String()
		case "ossea_config_id":
			c.OSSEAConfigID, err = r.Int(64)
		case "target_network":
			c.TargetNetwork, err = r.String()
		case "source_vm":
			err = c.SourceVM.decodeFrom(r)
		case "current_status":
			s, err = r.String()
			c.CurrentStatus = Status(s)
		case "current_job_id":
			c.CurrentJobID, err = r.OptString()
		case "last_successful_job_id":
			c.LastSuccessfulJobID, err = r.OptString()
		case "last_change_id":
			c.LastChangeID, err = r.OptString()
		case "last_change_ids":
			c.LastChangeIDs, err = r.StringMap()
		case "active_operation":
			c.ActiveOperation, err = r.OptString()
		case "active_operation_job_id":
			c.ActiveOperationJobID, err = r.OptString()
		case "last_error":
			c.LastError, err = r.OptString()
		case "created_at":
			c.CreatedAt, err = r.Time()
		case "updated_at":
			c.UpdatedAt, err = r.Time()
		case "last_status_change":
			c.LastStatusChange, err = r.Time()
		default:
			_, err = r.Skip()
		}
		return err
	})
}

func (c *ContextCreated) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		return c.field(r, key)
	})
}

func (c *ContextCreated) field(r *jsonx.Reader, key []byte) (err error) {
	var s string
	switch string(key) {
	case "context_id":
		c.ContextID, err = r.String()
	case "vm_name":
		c.VMName, err = r.String()
	case "vmware_vm_id":
		c.VMwareVMID, err = r.String()
	case "current_status":
		s, err = r.String()
		c.CurrentStatus = Status(s)
	case "message":
		c.Message, err = r.String()
	case "created_at":
		c.CreatedAt, err = r.Time()
	default:
		_, err = r.Skip()
	}
	return err
}

func (j *JobStarted) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		return j.field(r, key)
	})
}

func (j *JobStarted) field(r *jsonx.Reader, key []byte) (err error) {
	var s string
	switch string(key) {
	case "job_id":
		j.JobID, err = r.String()
	case "context_id":
		j.ContextID, err = r.String()
	case "status":
		s, err = r.String()
		j.Status = Status(s)
	case "progress_percent":
		j.ProgressPercent, err = r.Float()
	case "created_volumes":
		var v uint64
		v, err = r.Uint(32)
		j.CreatedVolumes = uint32(v)
	case "mounted_volumes":
		var v uint64
		v, err = r.Uint(32)
		j.MountedVolumes = uint32(v)
	case "started_at":
		j.StartedAt, err = r.Time()
	case "previous_change_ids":
		j.PreviousChangeIDs, err = r.StringMap()
	case "message":
		j.Message, err = r.String()
	default:
		_, err = r.Skip()
	}
	return err
}

// decodeFrom reads either answer: it is a job start when the object has a
// job_id, which may come after other fields, so the object is read once
// into its raw text and then decoded as the one it is.
func (resp *CreateMigrationResponse) decodeFrom(r *jsonx.Reader) error {
	raw, err := r.Skip()
	if err != nil {
		return err
	}
	isJob := false
	probe := jsonx.NewReader(raw)
	if err := probe.Object(func(key []byte) error {
		if string(key) == "job_id" && !probe.Null() {
			isJob = true
		}
		_, err := probe.Skip()
		return err
	}); err != nil {
		return err
	}
	if isJob {
		resp.Job = &JobStarted{}
		return resp.Job.decodeFrom(jsonx.NewReader(raw))
	}
	resp.Context = &ContextCreated{}
	return resp.Context.decodeFrom(jsonx.NewReader(raw))
}

func (d *DiskProgress) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		switch string(key) {
		case "bytes_transferred":
			d.BytesTransferred, err = r.Uint(64)
		case "total_bytes":
			if r.Null() {
				d.TotalBytes = nil
				return nil
			}
			var v uint64
			v, err = r.Uint(64)
			d.TotalBytes = &v
		default:
			_, err = r.Skip()
		}
		return err
	})
}

func (j *ReplicationJob) decodeFrom(r *jsonx.Reader) error {
	return r.Object(func(key []byte) (err error) {
		var s string
		switch string(key) {
		case "job_id":
			j.JobID, err = r.String()
		case "context_id":
			j.ContextID, err = r.String()
		case "replication_type":
			s, err = r.String()
			j.ReplicationType = ReplicationType(s)
		case "status":
			s, err = r.String()
			j.Status = JobStatus(s)
		case "previous_status":
			s, err = r.String()
			j.PreviousStatus = Status(s)
		case "progress_percent":
			j.ProgressPercent, err = r.Float()
		case "bytes_transferred":
			j.BytesTransferred, err = r.Uint(64)
		case "total_bytes":
			if r.Null() {
				j.TotalBytes = nil
				return nil
			}
			var v uint64
			v, err = r.Uint(64)
			j.TotalBytes = &v
		case "change_id":
			j.ChangeID, err = r.String()
		case "previous_change_id":
			j.PreviousChangeID, err = r.String()
		case "previous_change_ids":
			j.PreviousChangeIDs, err = r.StringMap()
		case "new_change_id":
			j.NewChangeID, err = r.OptString()
		case "new_change_ids":
			j.NewChangeIDs, err = r.StringMap()
		case "disk_progress":
			if r.Null() {
				j.DiskProgress = nil
				return nil
			}
			j.DiskProgress = map[string]DiskProgress{}
			err = r.Object(func(disk []byte) error {
				var p DiskProgress
				if err := p.decodeFrom(r); err != nil {
					return err
				}
				j.DiskProgress[string(disk)] = p
				return nil
			})
		case "snapshot_id":
			j.SnapshotID, err = r.String()
		case "schedule_execution_id":
			j.ScheduleExecutionID, err = r.String()
		case "vm_group_id":
			j.VMGroupID, err = r.String()
		case "scheduled_by":
			j.ScheduledBy, err = r.String()
		case "created_volumes":
			var v uint64
			v, err = r.Uint(32)
			j.CreatedVolumes = uint32(v)
		case "mounted_volumes":
			var v uint64
			v, err = r.Uint(32)
			j.MountedVolumes = uint32(v)
		case "error":
			j.Error, err = r.OptString()
		case "started_at":
			j.StartedAt, err = r.Time()
		case "updated_at":
			j.UpdatedAt, err = r.Time()
		case "finished_at":
			j.FinishedAt, err = r.OptTime()
		default:
			_, err = r.Skip()
		}
		return err
	})
}
