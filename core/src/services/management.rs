//! Management: add to management (single and bulk), look-ups, removal.

use super::{Ports, page, validate};
use crate::error::{Error, Result};
use crate::lifecycle::{self, Operation, Target};
use crate::model::response::ADDED_MESSAGE;
use crate::model::{
    AddToManagementRequest, BulkAddResponse, BulkItemResult, BulkProgress, ContextCreated,
    ContextFilter, ContextRef, Page, ReplicationContext, Status, ids,
};
use crate::ports::store::{InsertContext, NewContext};
use crate::registry::Op;

/// VMs handed to the store per call by the bulk add (and per progress report).
const BULK_BATCH: usize = 1000;

/// The management service.
#[derive(Clone)]
pub struct Management {
    ports: Ports,
}

impl Management {
    /// A service over `ports`.
    pub fn new(ports: Ports) -> Self {
        Management { ports }
    }

    fn new_context(&self, r: AddToManagementRequest) -> NewContext {
        let now = self.ports.clock.now();
        NewContext {
            context_id: ids::context_id(&r.source_vm.name, now),
            vcenter_host: r.vcenter_host,
            datacenter: r.datacenter,
            ossea_config_id: r.ossea_config_id,
            target_network: r.target_network,
            source_vm: r.source_vm,
            now,
        }
    }

    /// Adds a VM to management without replicating it: `already_managed` when
    /// the VM has a context. Never creates a job.
    pub async fn add_to_management(&self, r: AddToManagementRequest) -> Result<ContextCreated> {
        validate::add_to_management(&r)?;
        let log = self.ports.track(Operation::AddToManagement.as_str(), None);
        let (vm_name, vm_id) = (r.source_vm.name.clone(), r.source_vm.id.clone());
        let new = self.new_context(r);
        let result = log
            .run_step("create-context", async {
                Ok(
                    match self.ports.store.insert_context(new, added_status()).await? {
                        InsertContext::Inserted(c) => {
                            tracing::info!(context_id = %c.context_id, "VM added to management");
                            *c
                        }
                        InsertContext::Exists { context_id } => {
                            return Err(Error::AlreadyManaged {
                                vm_name,
                                vmware_vm_id: vm_id,
                                existing_context_id: context_id,
                            }
                            .into());
                        }
                    },
                )
            })
            .await;
        let context_id = result.as_ref().ok().map(|c| c.context_id.clone());
        let c = log.finish(context_id.as_deref(), result)?;
        Ok(ContextCreated {
            context_id: c.context_id,
            vm_name: c.vm_name,
            vmware_vm_id: c.vmware_vm_id,
            current_status: c.current_status,
            message: ADDED_MESSAGE.to_owned(),
            created_at: c.created_at,
        })
    }

    /// Adds many VMs; one result per VM in request order. `progress` is
    /// called after each batch with the number of VMs processed so far.
    pub async fn add_to_management_bulk(
        &self,
        vms: Vec<AddToManagementRequest>,
        progress: Option<&(dyn Fn(BulkProgress) + Send + Sync)>,
    ) -> Result<BulkAddResponse> {
        let total = vms.len();
        let log = self.ports.track(Op::AddToManagementBulk.as_str(), None);
        let result = log
            .run_step("create-contexts", async {
                Ok(self.bulk_insert(vms, progress).await?)
            })
            .await;
        if let Ok(r) = &result {
            tracing::info!(
                total,
                added = r.added,
                already_managed = r.already_managed,
                invalid = r.invalid,
                "bulk add finished"
            );
        }
        log.finish(None, result)
    }

    async fn bulk_insert(
        &self,
        vms: Vec<AddToManagementRequest>,
        progress: Option<&(dyn Fn(BulkProgress) + Send + Sync)>,
    ) -> Result<BulkAddResponse> {
        let total = vms.len();
        let mut results: Vec<Option<BulkItemResult>> = vec![None; total];
        let mut batch: Vec<(usize, NewContext)> = Vec::with_capacity(BULK_BATCH.min(total));
        let mut done = 0;
        let mut vms = vms.into_iter().enumerate().peekable();
        while vms.peek().is_some() {
            // A caller that cancelled (Go's context, Ctrl-C in Python)
            // stops the add between batches: each batch written is kept (its
            // own transaction), and the same bulk add run again reports
            // those VMs already managed.
            if done > 0 && crate::cancel::current().is_some_and(|t| t.is_cancelled()) {
                return Err(Error::Adapter {
                    operation: Op::AddToManagementBulk.as_str().to_owned(),
                    step: "create-contexts".to_owned(),
                    details: format!(
                        "cancelled by the caller after {done} of {total} VMs: those are \
                         recorded; running the same bulk add again reports them already managed"
                    ),
                });
            }
            let mut seen = 0;
            for (index, vm) in vms.by_ref().take(BULK_BATCH) {
                seen += 1;
                match validate::add_to_management(&vm) {
                    Ok(()) => batch.push((index, self.new_context(vm))),
                    Err(e) => {
                        results[index] = Some(BulkItemResult::Invalid {
                            index,
                            error: e.to_body(),
                        })
                    }
                }
            }
            let (indexes, news): (Vec<usize>, Vec<NewContext>) = batch.drain(..).unzip();
            let vm_ids: Vec<String> = news.iter().map(|n| n.source_vm.id.clone()).collect();
            let inserted = match self.ports.store.insert_contexts(news, added_status()).await {
                Ok(inserted) => inserted,
                // Per-VM results always: the batch is reported failed (its
                // transaction rolled back) and the next batch is tried.
                Err(e) => {
                    tracing::error!(error = %e, vms = indexes.len(), "bulk add: a batch could not be written");
                    let body = e.to_body();
                    for (index, vmware_vm_id) in indexes.into_iter().zip(vm_ids) {
                        results[index] = Some(BulkItemResult::Failed {
                            index,
                            vmware_vm_id,
                            error: body.clone(),
                        });
                    }
                    done += seen;
                    if let Some(report) = progress {
                        report(BulkProgress { done, total });
                    }
                    continue;
                }
            };
            for ((index, vmware_vm_id), outcome) in indexes.into_iter().zip(vm_ids).zip(inserted) {
                results[index] = Some(match outcome {
                    InsertContext::Inserted(c) => BulkItemResult::Added {
                        index,
                        context_id: c.context_id,
                        vmware_vm_id,
                    },
                    InsertContext::Exists { context_id } => BulkItemResult::AlreadyManaged {
                        index,
                        existing_context_id: context_id,
                        vmware_vm_id,
                    },
                });
            }
            done += seen;
            if let Some(report) = progress {
                report(BulkProgress { done, total });
            }
        }
        let results: Vec<BulkItemResult> = results
            .into_iter()
            .map(|r| {
                r.ok_or_else(|| Error::Internal {
                    details: "bulk add lost a result".into(),
                })
            })
            .collect::<Result<_>>()?;
        let count = |f: fn(&BulkItemResult) -> bool| results.iter().filter(|r| f(r)).count();
        Ok(BulkAddResponse {
            added: count(|r| matches!(r, BulkItemResult::Added { .. })),
            already_managed: count(|r| matches!(r, BulkItemResult::AlreadyManaged { .. })),
            invalid: count(|r| matches!(r, BulkItemResult::Invalid { .. })),
            failed: count(|r| matches!(r, BulkItemResult::Failed { .. })),
            results,
        })
    }

    /// The one context `r` names.
    pub async fn get_context(&self, r: &ContextRef) -> Result<ReplicationContext> {
        self.ports.resolve_context(r).await
    }

    /// A page of contexts ordered by `context_id`.
    pub async fn list_contexts(&self, f: &ContextFilter) -> Result<Page<ReplicationContext>> {
        let items = self.ports.store.list_contexts(f).await?;
        Ok(page(items, (f.offset, f.limit, f.after.as_deref()), |c| {
            c.context_id.clone()
        }))
    }
}

/// The status the lifecycle table gives a VM added to management.
fn added_status() -> Status {
    match lifecycle::target(None, Operation::AddToManagement) {
        Some(Target::To(s)) => s,
        _ => Status::Discovered,
    }
}
