// The dashboard's JSON API, one row a path: GET rows read, POST rows with `write` change the cluster
// (refused when the dashboard is read-only or the user is not an admin). Names travel as query
// parameters (GET) or JSON fields (POST), never in the path, so `%RETRY%group` needs no escaping.

import type { AdminExt } from '../admin/admin-ext.js';
import { brokerConfigView, brokerRuntimeView, clusterView } from './cluster-view.js';
import { deleteGroup, groupClients, groupDetail, groupList, producerClients, resetGroupOffset } from './group-view.js';
import type { Params } from './http.js';
import { dlqMessages, messagesByKey, messagesByTime, messageWithTracks, resendToGroup, timeRange } from './message-view.js';
import {
  deleteTopicEverywhere,
  saveTopic,
  sendTestMessage,
  topicConsumers,
  topicForm,
  topicList,
  topicRoute,
  topicStatus,
} from './topic-view.js';
import type { TpsSampler } from './tps-sampler.js';

export interface ApiContext {
  admin: AdminExt;
  sampler: TpsSampler;
  params: Params;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Changes the cluster: refused when read-only or for a user who is not an admin. */
  write?: boolean;
  handle(ctx: ApiContext): Promise<unknown>;
}

export const API_ROUTES: Readonly<Record<string, ApiRoute>> = {
  '/api/cluster': { method: 'GET', handle: ({ admin }) => clusterView(admin) },
  '/api/broker/config': { method: 'GET', handle: ({ admin, params }) => brokerConfigView(admin, params.string('addr')) },
  '/api/broker/runtime': { method: 'GET', handle: ({ admin, params }) => brokerRuntimeView(admin, params.string('addr')) },

  '/api/topics': { method: 'GET', handle: ({ admin }) => topicList(admin) },
  '/api/topic/route': { method: 'GET', handle: ({ admin, params }) => topicRoute(admin, params.string('topic')) },
  '/api/topic/status': { method: 'GET', handle: ({ admin, params }) => topicStatus(admin, params.string('topic')) },
  '/api/topic/consumers': { method: 'GET', handle: ({ admin, params }) => topicConsumers(admin, params.string('topic')) },
  '/api/topic/save': { method: 'POST', write: true, handle: ({ admin, params }) => saveTopic(admin, topicForm(params)) },
  '/api/topic/delete': { method: 'POST', write: true, handle: ({ admin, params }) => deleteTopicEverywhere(admin, params.string('topic')) },
  '/api/topic/send': { method: 'POST', write: true, handle: ({ admin, params }) => sendTestMessage(admin, params) },

  '/api/consumers': { method: 'GET', handle: ({ admin }) => groupList(admin) },
  '/api/consumer/detail': { method: 'GET', handle: ({ admin, params }) => groupDetail(admin, params.string('group')) },
  '/api/consumer/clients': { method: 'GET', handle: ({ admin, params }) => groupClients(admin, params.string('group')) },
  '/api/consumer/reset': { method: 'POST', write: true, handle: ({ admin, params }) => resetGroupOffset(admin, params) },
  '/api/consumer/delete': { method: 'POST', write: true, handle: ({ admin, params }) => deleteGroup(admin, params.string('group')) },

  '/api/producers': {
    method: 'GET',
    handle: ({ admin, params }) => producerClients(admin, params.string('topic'), params.string('group')),
  },

  '/api/messages/by-time': {
    method: 'GET',
    handle: ({ admin, params }) => {
      const { begin, end } = timeRange(params);
      return messagesByTime(admin, params.string('topic'), begin, end);
    },
  },
  '/api/messages/by-key': {
    method: 'GET',
    handle: ({ admin, params }) => messagesByKey(admin, params.string('topic'), params.string('key')),
  },
  '/api/message': { method: 'GET', handle: ({ admin, params }) => messageWithTracks(admin, params) },
  '/api/message/resend': { method: 'POST', write: true, handle: ({ admin, params }) => resendToGroup(admin, params) },
  '/api/dlq': {
    method: 'GET',
    handle: ({ admin, params }) => {
      const { begin, end } = timeRange(params);
      return dlqMessages(admin, params.string('group'), begin, end);
    },
  },

  '/api/charts/brokers': {
    method: 'GET',
    handle: async ({ sampler }) => ({ intervalMs: sampler.intervalMs, series: sampler.brokerSeries() }),
  },
  '/api/charts/topics': {
    method: 'GET',
    handle: async ({ sampler, params }) => ({
      intervalMs: sampler.intervalMs,
      series: await sampler.topicSeries(params.strings('topics')),
    }),
  },
};
