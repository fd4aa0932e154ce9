import { App } from 'antd';
import { useState } from 'react';
import { runFlowAction, type FlowAction, type Resource, type ResourceRef } from '../api/catalog';
import { useT } from '../i18n/context';
import { useErrorMessage } from '../shared/errors';

/**
 * Runs review-flow actions (submit, approve, publish, retire) and reports the outcome as a message.
 * `reject` goes through the RejectModal, which needs a comment.
 */
export function useFlowAction(onDone: (resource: Resource) => void) {
  const t = useT();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const [running, setRunning] = useState<{ id: string; action: FlowAction } | null>(null);

  const run = async (resource: ResourceRef, action: FlowAction) => {
    setRunning({ id: resource.id, action });
    try {
      const updated = await runFlowAction(resource.id, action);
      void message.success(t(`catalog.flow.done.${action}`, { name: resource.name }));
      onDone(updated);
    } catch (error) {
      void message.error(describe(error));
    } finally {
      setRunning(null);
    }
  };

  const isRunning = (resource: ResourceRef, action: FlowAction) =>
    running?.id === resource.id && running.action === action;

  return { run, isRunning, busy: running !== null };
}
